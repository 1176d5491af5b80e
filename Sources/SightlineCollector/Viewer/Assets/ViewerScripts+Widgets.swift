extension ViewerScripts {
    /// `widgets.js`: Pieces several views share: values that filter the trace list when clicked.
    static let widgets = #"""
// Pieces several views share: values that filter the trace list when clicked.

import { h, shortValue } from "./dom.js";
import { filterRoute, metaCondition, navigate } from "./route.js";

/** A value (user, thread, customer, label) that adds itself as a filter of the trace list. */
export function filterChip(key, value, className = "") {
  if (value === null || value === undefined || value === "") return null;
  return h("button", {
    type: "button", class: `chip chip-${key} ${className}`, title: `Show only traces with ${key} ${value}`,
    data: { filter: key, value }, onclick: (event) => {
      event.stopPropagation();
      navigate(filterRoute(key, value));
    },
  }, shortValue(value));
}

/** A custom metadata value as `key=value`, which adds that exact condition as a filter. */
export function metaChip(key, value) {
  const condition = metaCondition(key, value);
  return h("button", {
    type: "button", class: "chip chip-meta", title: `Show only traces with ${condition}`,
    data: { filter: "meta", value: condition }, onclick: (event) => {
      event.stopPropagation();
      navigate(filterRoute("meta", condition));
    },
  }, h("span", { class: "chip-key" }, `${shortValue(key)}=`), shortValue(value));
}

export function metaChips(metadata) {
  return Object.keys(metadata || {}).sort().map((key) => metaChip(key, metadata[key]));
}

export function errorBadge(count) {
  return count > 0 ? h("span", { class: "badge error-badge", title: `${count} failed span${count === 1 ? "" : "s"}` }, `${count} error${count === 1 ? "" : "s"}`) : null;
}

export function spanTypeBadge(type) {
  return h("span", { class: `type-badge type-${type}` }, type);
}

export const SPAN_TYPES = ["llm", "embedding", "tool", "agent", "rag", "workflow", "evaluation", "guardrail", "span"];

/** A page's heading row. */
export function pageHeader(title, ...rest) {
  return h("div", { class: "page-header" }, h("h1", {}, title), ...rest);
}

export function errorMessage(error) {
  return h("div", { class: "load-error", role: "alert" }, `Could not load: ${error.message}`);
}
"""#
}
