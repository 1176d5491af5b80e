extension ViewerScripts {
    /// `users.js`: Per user: traces, threads, tokens, cost, errors, last seen; sortable by any column; a user opens their traces.
    static let users = #"""
// Per user: traces, threads, tokens, cost, errors, last seen; sortable by any column; a user
// opens their traces.

import { api } from "./api.js";
import { h, link, replace, formatTime, formatNumber, formatCost, shortValue } from "./dom.js";
import { tracesRoute, usersRoute, navigate } from "./route.js";
import { errorMessage, pageHeader } from "./widgets.js";

const COLUMNS = [
  { key: "userId", title: "User", text: true },
  { key: "traceCount", title: "Traces" },
  { key: "threadCount", title: "Threads" },
  { key: "inputTokens", title: "Input tokens" },
  { key: "outputTokens", title: "Output tokens" },
  { key: "cost", title: "Cost" },
  { key: "errorTraceCount", title: "Traces with errors" },
  { key: "lastSeen", title: "Last seen" },
];

export function usersView(root, params) {
  replace(root, h("div", { class: "list-status" }, "Loading…"));
  let stopped = false;
  api("/api/users").then((users) => {
    if (!stopped) show(root, users, params);
  }, (error) => {
    if (!stopped) replace(root, pageHeader("Users"), errorMessage(error));
  });
  return () => { stopped = true; };
}

function show(root, users, params) {
  const sortKey = COLUMNS.some((column) => column.key === params.get("sort")) ? params.get("sort") : "lastSeen";
  const ascending = params.get("order") === "asc";
  const column = COLUMNS.find((c) => c.key === sortKey);
  const sorted = [...users].sort((a, b) => {
    const order = column.text ? String(a[sortKey]).localeCompare(String(b[sortKey])) : (a[sortKey] ?? 0) - (b[sortKey] ?? 0);
    return ascending ? order : -order;
  });
  const header = COLUMNS.map((c) => {
    const active = c.key === sortKey;
    const next = new URLSearchParams({ sort: c.key, order: active && !ascending ? "asc" : "desc" });
    return h("th", { class: c.text ? "" : "num" }, h("button", {
      type: "button", class: `sort${active ? " active" : ""}`, data: { sort: c.key },
      onclick: () => navigate(usersRoute(next)),
    }, c.title, active ? (ascending ? " ▲" : " ▼") : ""));
  });
  replace(root, pageHeader("Users", h("span", { class: "muted" }, `${users.length} user${users.length === 1 ? "" : "s"}`)),
    h("div", { class: "table-wrap" }, h("table", { class: "users", id: "users-table" },
      h("thead", {}, h("tr", {}, header)),
      h("tbody", {}, sorted.map((user) => h("tr", { data: { userId: user.userId } },
        h("td", {}, link(tracesRoute(new URLSearchParams({ user: user.userId })), { class: "user-link" }, shortValue(user.userId))),
        h("td", { class: "num" }, formatNumber(user.traceCount)),
        h("td", { class: "num" }, formatNumber(user.threadCount)),
        h("td", { class: "num" }, formatNumber(user.inputTokens)),
        h("td", { class: "num" }, formatNumber(user.outputTokens)),
        h("td", { class: "num" }, formatCost(user.cost)),
        h("td", { class: "num" }, formatNumber(user.errorTraceCount)),
        h("td", { class: "nowrap small" }, formatTime(user.lastSeen))))))));
}
"""#
}
