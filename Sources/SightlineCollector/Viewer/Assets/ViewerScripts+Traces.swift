extension ViewerScripts {
    /// `traces.js`: The trace list: newest first, every filter of the CLI and more, paged by a cursor, with the traces that arrive while it is open added on top without moving what the reader looks at.
    static let traces = #"""
// The trace list: newest first, every filter of the CLI and more, paged by a cursor, with the
// traces that arrive while it is open added on top without moving what the reader looks at.

import { api, query } from "./api.js";
import { h, link, replace, formatTime, formatDuration, formatTokens, formatCost, shortValue } from "./dom.js";
import { ADDITIVE_KEYS, FILTER_KEYS, navigate, traceRoute, threadRoute, tracesRoute, withoutFilter } from "./route.js";
import { errorBadge, errorMessage, filterChip, metaChips, pageHeader, SPAN_TYPES } from "./widgets.js";

const PAGE = 50;
const POLL_MS = 3000;
const POLL_PAGE = 200;

const FIELDS = [
  { key: "user", label: "User" },
  { key: "thread", label: "Thread" },
  { key: "customer", label: "Customer" },
  { key: "label", label: "Label" },
  { key: "meta", label: "Metadata", placeholder: "score>0.8 or variant=B" },
  { key: "eval", label: "Evaluation", placeholder: "faithfulness<0.5 or toxicity=fail" },
  { key: "since", label: "Since", placeholder: "2h, 7d, 2025-01-31T09:00:00Z" },
  { key: "model", label: "Model" },
  { key: "type", label: "Span type", options: SPAN_TYPES },
  { key: "service", label: "Service" },
  { key: "text", label: "Text in input/output" },
  { key: "minDuration", label: "Min ms", type: "number" },
  { key: "maxDuration", label: "Max ms", type: "number" },
  { key: "minCost", label: "Min cost", type: "number" },
  { key: "maxCost", label: "Max cost", type: "number" },
];

/** Shows the trace list for the filters in `params`; returns a function that stops its polling. */
export function tracesView(root, params) {
  const filters = new URLSearchParams();
  for (const [key, value] of params) if (FILTER_KEYS.includes(key) && value !== "") filters.append(key, value);

  const body = h("tbody", { id: "trace-rows" });
  const status = h("div", { class: "list-status", id: "list-status" }, "Loading…");
  const more = h("button", { type: "button", id: "older", class: "older", hidden: true }, "Older traces");
  const table = h("table", { class: "traces", id: "traces-table" },
    h("thead", {}, h("tr", {}, ["Start", "Name", "User", "Thread", "Customer", "Labels", "Metadata", "Models",
      "Duration", "Tokens", "Cost", "Errors"].map((title) => h("th", {}, title)))),
    body);
  replace(root, pageHeader("Traces", h("span", { class: "live", title: "New traces appear as they arrive" }, "live")),
    filterForm(filters), activeFilters(filters), h("div", { class: "table-wrap" }, table), status, more);

  let oldest = null;
  let newest = null;
  let count = 0;
  let stopped = false;
  let loading = false;

  const describe = () => {
    status.textContent = count === 0 ? "No traces match." : `${count} trace${count === 1 ? "" : "s"} shown`;
  };

  const loadOlder = async () => {
    if (loading || stopped) return;
    loading = true;
    more.disabled = true;
    try {
      const page = new URLSearchParams(filters);
      page.set("limit", String(PAGE));
      if (oldest) page.set("before", oldest);
      const traces = await api(`/api/traces${query(page)}`);
      if (stopped) return;
      for (const trace of traces) body.append(row(trace));
      if (traces.length) {
        oldest = traces[traces.length - 1].traceId;
        if (!newest) newest = traces[0].traceId;
      }
      count += traces.length;
      more.hidden = traces.length < PAGE;
      describe();
    } catch (error) {
      status.replaceChildren(errorMessage(error));
    } finally {
      loading = false;
      more.disabled = false;
    }
  };

  const poll = async () => {
    // A tab in the background asks nothing; it catches up when shown again.
    if (stopped || loading || document.hidden) return;
    const page = new URLSearchParams(filters);
    page.set("limit", String(POLL_PAGE));
    if (newest) page.set("after", newest);
    let traces;
    try {
      traces = await api(`/api/traces${query(page)}`);
    } catch {
      return;
    }
    if (stopped || traces.length === 0) return;
    if (!newest) {
      // The list was empty: this is its first page.
      oldest = traces[traces.length - 1].traceId;
      more.hidden = traces.length < PAGE;
    }
    // Rows added above the reader push the page down: scroll by as much, so what they read stays put.
    const before = document.documentElement.scrollHeight;
    const rows = traces.map((trace) => row(trace, true));
    body.prepend(...rows);
    if (window.scrollY > 0) window.scrollBy(0, document.documentElement.scrollHeight - before);
    newest = traces[0].traceId;
    count += traces.length;
    describe();
  };

  more.addEventListener("click", loadOlder);
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && !more.hidden) loadOlder();
  });
  observer.observe(more);
  const timer = setInterval(poll, POLL_MS);
  loadOlder();
  return () => {
    stopped = true;
    clearInterval(timer);
    observer.disconnect();
  };
}

function row(trace, fresh = false) {
  const open = traceRoute(trace.traceId);
  return h("tr", { class: fresh ? "fresh" : "", data: { traceId: trace.traceId } },
    h("td", { class: "nowrap mono small" }, link(open, { title: formatTime(trace.startTime) }, formatTime(trace.startTime).slice(5))),
    h("td", { class: "name-cell" }, link(open, { class: "trace-name" }, shortValue(trace.name)),
      trace.serviceName ? h("div", { class: "muted small" }, shortValue(trace.serviceName)) : null),
    h("td", {}, filterChip("user", trace.userId)),
    h("td", { class: "nowrap" }, filterChip("thread", trace.threadId),
      trace.threadId ? link(threadRoute(trace.threadId), { class: "thread-link", title: "Open the conversation" }, "↗") : null),
    h("td", {}, filterChip("customer", trace.customerId)),
    h("td", {}, h("div", { class: "chips" }, (trace.labels || []).map((label) => filterChip("label", label)))),
    h("td", {}, h("div", { class: "chips" }, metaChips(trace.metadata))),
    h("td", {}, h("div", { class: "chips" }, (trace.models || []).map((model) => filterChip("model", model)))),
    h("td", { class: "num" }, formatDuration(trace.durationNanoseconds)),
    h("td", { class: "num" }, formatTokens(trace.inputTokens, trace.outputTokens)),
    h("td", { class: "num" }, formatCost(trace.cost)),
    h("td", {}, errorBadge(trace.errorCount)));
}

function filterForm(filters) {
  const inputs = {};
  const form = h("form", { class: "filters", id: "filters" });
  for (const field of FIELDS) {
    let input;
    if (field.options) {
      input = h("select", { name: field.key, id: `filter-${field.key}` },
        h("option", { value: "" }, "any"), field.options.map((option) => h("option", { value: option }, option)));
      input.value = filters.get(field.key) || "";
    } else {
      input = h("input", {
        name: field.key, id: `filter-${field.key}`, type: field.type === "number" ? "number" : "text",
        placeholder: field.placeholder || "", step: field.type === "number" ? "any" : undefined, min: field.type === "number" ? "0" : undefined,
      });
      // Metadata and evaluation conditions add up: the field adds one more; those set show as chips below.
      if (!ADDITIVE_KEYS.includes(field.key)) input.value = filters.get(field.key) || "";
    }
    inputs[field.key] = input;
    form.append(h("label", { class: "field" }, h("span", {}, field.label), input));
  }
  const errors = h("input", { type: "checkbox", name: "errors", id: "filter-errors" });
  errors.checked = filters.get("errors") === "true";
  form.append(h("label", { class: "field check" }, errors, h("span", {}, "Errors only")),
    h("div", { class: "filter-actions" },
      h("button", { type: "submit", id: "apply-filters", class: "primary" }, "Apply"),
      h("button", { type: "button", id: "clear-filters", onclick: () => navigate(tracesRoute(null)) }, "Clear")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const field of FIELDS) {
      const value = inputs[field.key].value.trim();
      if (ADDITIVE_KEYS.includes(field.key)) {
        for (const condition of filters.getAll(field.key)) next.append(field.key, condition);
        if (value && !filters.getAll(field.key).includes(value)) next.append(field.key, value);
      } else if (value) {
        next.set(field.key, value);
      }
    }
    if (errors.checked) next.set("errors", "true");
    navigate(tracesRoute(next));
  });
  return form;
}

function activeFilters(filters) {
  const chips = [];
  for (const [key, value] of filters) {
    chips.push(h("span", { class: "active-filter", data: { filter: key, value } },
      h("span", { class: "muted" }, `${key}: `), shortValue(value),
      h("button", {
        type: "button", class: "remove", title: `Remove ${key} ${value}`, "aria-label": `Remove ${key} filter`,
        onclick: () => navigate(tracesRoute(withoutFilter(filters, key, value))),
      }, "×")));
  }
  return h("div", { class: "active-filters", id: "active-filters" }, chips.length ? chips : h("span", { class: "muted" }, "No filters: every trace, newest first."));
}
"""#
}
