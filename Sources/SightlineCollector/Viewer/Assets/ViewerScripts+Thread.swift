extension ViewerScripts {
    /// `thread.js`: A conversation: one turn per trace, the user's input and the answer (the trace input/output rule), oldest first, each linking to its trace; the thread's totals on top.
    static let thread = #"""
// A conversation: one turn per trace, the user's input and the answer (the trace input/output
// rule), oldest first, each linking to its trace; the thread's totals on top.

import { api } from "./api.js";
import { h, link, replace, foldedText, formatTime, formatDuration, formatTokens, formatCost, shortValue } from "./dom.js";
import { traceRoute } from "./route.js";
import { errorMessage, filterChip, pageHeader } from "./widgets.js";

export function threadView(root, threadId) {
  replace(root, h("div", { class: "list-status" }, "Loading…"));
  let stopped = false;
  api(`/api/threads/${encodeURIComponent(threadId)}`).then((turns) => {
    if (!stopped) show(root, threadId, turns);
  }, (error) => {
    if (!stopped) replace(root, pageHeader("Thread"), errorMessage(error));
  });
  return () => { stopped = true; };
}

function show(root, threadId, turns) {
  const sum = (pick) => turns.reduce((total, turn) => total + (pick(turn) ?? 0), 0);
  const anyCost = turns.some((turn) => turn.cost != null);
  const duration = sum((turn) => Math.max(turn.endTime - turn.startTime, 0));
  const errors = turns.filter((turn) => turn.isError).length;
  replace(root,
    pageHeader("Conversation", h("span", { class: "mono thread-id" }, shortValue(threadId)), filterChip("thread", threadId)),
    h("div", { class: "facts", id: "thread-totals" },
      total("Turns", String(turns.length)),
      total("Tokens", formatTokens(sum((t) => t.inputTokens), sum((t) => t.outputTokens))),
      total("Cost", anyCost ? formatCost(sum((t) => t.cost)) : "—"),
      total("Duration", formatDuration(duration)),
      total("Errors", String(errors))),
    h("ol", { class: "turns", id: "turns" }, turns.map((turn, index) => h("li", { class: `turn${turn.isError ? " error" : ""}`, data: { traceId: turn.traceId } },
      h("div", { class: "turn-head" },
        h("span", { class: "turn-number" }, `Turn ${index + 1}`),
        h("span", { class: "muted small" }, formatTime(turn.startTime)),
        filterChip("user", turn.userId),
        h("span", { class: "muted small" }, formatDuration(Math.max(turn.endTime - turn.startTime, 0)), " · ",
          formatTokens(turn.inputTokens, turn.outputTokens), turn.cost != null ? ` · ${formatCost(turn.cost)}` : ""),
        turn.isError ? h("span", { class: "badge error-badge" }, "error") : null,
        link(traceRoute(turn.traceId), { class: "open-trace" }, "Open trace")),
      bubble("user", "User", turn.input),
      bubble("assistant", "Assistant", turn.output)))));
}

function total(label, value) {
  return h("div", { class: "fact" }, h("div", { class: "fact-label" }, label), h("div", { class: "fact-value" }, value));
}

function bubble(role, title, text) {
  return h("div", { class: `bubble bubble-${role}` }, h("div", { class: "role" }, title),
    text == null ? h("span", { class: "muted" }, "(nothing recorded)") : foldedText(text, "text message-text"));
}
"""#
}
