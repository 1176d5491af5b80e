extension ViewerScripts {
    /// `waterfall.js`: The span waterfall: one bar per span on the trace's time axis, nested by parent, coloured by span type, failures marked, subtrees collapsible. Only the rows in view are in the page, so a trace of tens of thousands of spans scrolls as smoothly as a small one.
    static let waterfall = #"""
// The span waterfall: one bar per span on the trace's time axis, nested by parent, coloured by
// span type, failures marked, subtrees collapsible. Only the rows in view are in the page, so a
// trace of tens of thousands of spans scrolls as smoothly as a small one.

import { h, formatDuration, formatTokens, formatCost, shortValue } from "./dom.js";

export const ROW_HEIGHT = 26;
const OVERSCAN = 15;
const MAX_INDENT_LEVELS = 30;

/**
 * Builds the waterfall of `nodes` (the API's spans in tree order, each `{depth, span}`);
 * `onSelect(index)` is called when a row is clicked. Returns `{ element, select(index) }`.
 */
export function waterfall(nodes, onSelect) {
  const count = nodes.length;
  let origin = Infinity;
  let end = -Infinity;
  for (const { span } of nodes) {
    origin = Math.min(origin, span.startTime);
    end = Math.max(end, span.endTime);
  }
  const total = Math.max(end - origin, 1);

  // In tree order a subtree is the run of deeper rows after its root.
  const subtreeEnd = new Int32Array(count);
  const stack = [];
  for (let index = 0; index < count; index++) {
    while (stack.length && nodes[stack[stack.length - 1]].depth >= nodes[index].depth) subtreeEnd[stack.pop()] = index;
    stack.push(index);
  }
  while (stack.length) subtreeEnd[stack.pop()] = count;

  const collapsed = new Set();
  let visible = [];
  let selected = -1;

  const inner = h("div", { class: "wf-inner" });
  const scroller = h("div", { class: "wf-scroll", id: "waterfall-rows", tabindex: "0" }, inner);
  const axis = h("div", { class: "wf-axis" },
    h("div", { class: "wf-label" }, "Span"), h("div", { class: "wf-tokens" }, "Tokens"), h("div", { class: "wf-cost" }, "Cost"),
    h("div", { class: "wf-track" }, [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
      const tick = h("span", { class: "wf-tick" }, formatDuration(total * fraction));
      tick.style.left = `${fraction * 100}%`;
      return tick;
    })));

  const computeVisible = () => {
    visible = [];
    for (let index = 0; index < count; index++) {
      visible.push(index);
      if (collapsed.has(index)) index = subtreeEnd[index] - 1;
    }
    inner.style.height = `${visible.length * ROW_HEIGHT}px`;
    scroller.style.height = `${Math.min(visible.length * ROW_HEIGHT + 2, Math.max(window.innerHeight * 0.62, 240))}px`;
  };

  const row = (index, position) => {
    const { depth, span } = nodes[index];
    const hasChildren = subtreeEnd[index] > index + 1;
    const label = h("div", { class: "wf-label" },
      hasChildren ? h("button", {
        type: "button", class: "twisty", "aria-label": collapsed.has(index) ? "Expand" : "Collapse",
        onclick: (event) => {
          event.stopPropagation();
          if (collapsed.has(index)) collapsed.delete(index); else collapsed.add(index);
          computeVisible();
          render();
        },
      }, collapsed.has(index) ? "▸" : "▾") : h("span", { class: "twisty-space" }),
      h("span", { class: `type-dot type-${span.type}`, title: span.type }),
      span.isError ? h("span", { class: "error-mark", title: span.statusMessage || "error" }, "!") : null,
      h("span", { class: "wf-name" }, shortValue(span.name)),
      depth > MAX_INDENT_LEVELS ? h("span", { class: "muted small" }, ` ·${depth}`) : null,
      span.model ? h("span", { class: "wf-model" }, shortValue(span.responseModel || span.model)) : null,
      collapsed.has(index) ? h("span", { class: "muted small" }, ` +${subtreeEnd[index] - index - 1}`) : null);
    label.style.paddingLeft = `${Math.min(depth, MAX_INDENT_LEVELS) * 14 + 4}px`;
    const bar = h("div", { class: `wf-bar type-${span.type}${span.isError ? " error" : ""}` });
    const left = ((span.startTime - origin) / total) * 100;
    const width = Math.max(((span.endTime - span.startTime) / total) * 100, 0.2);
    bar.style.left = `${left}%`;
    bar.style.width = `${Math.min(width, 100 - left)}%`;
    // The duration goes after the bar; inside it when the bar is wide; before it when the bar ends at the right edge.
    const duration = h("span", { class: "wf-duration" }, formatDuration(Math.max(span.endTime - span.startTime, 0)));
    if (width > 14) {
      duration.classList.add("inside");
      duration.style.left = `${left}%`;
    } else if (left + width > 86) {
      duration.classList.add("before");
      duration.style.right = `${100 - left}%`;
    } else {
      duration.style.left = `${left + width}%`;
    }
    const node = h("div", {
      class: `wf-row${index === selected ? " selected" : ""}${span.isError ? " error" : ""}`,
      data: { spanId: span.spanId, depth, index }, role: "row",
      onclick: () => onSelect(index),
    }, label, h("div", { class: "wf-tokens" }, formatTokens(span.inputTokens, span.outputTokens)),
    h("div", { class: "wf-cost" }, formatCost(span.cost)), h("div", { class: "wf-track" }, bar, duration));
    node.style.top = `${position * ROW_HEIGHT}px`;
    return node;
  };

  const render = () => {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(visible.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const rows = [];
    for (let position = first; position < last; position++) rows.push(row(visible[position], position));
    inner.replaceChildren(...rows);
  };

  let frame = 0;
  scroller.addEventListener("scroll", () => {
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  });
  // Up and down move the selection through the visible rows.
  scroller.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const position = visible.indexOf(selected) + (event.key === "ArrowDown" ? 1 : -1);
    if (position >= 0 && position < visible.length) onSelect(visible[position]);
  });
  computeVisible();
  // Rendered once in the page, when the scroller has its height.
  requestAnimationFrame(render);
  render();

  return {
    element: h("div", { class: "waterfall", id: "waterfall" }, axis, scroller),
    select(index) {
      selected = index;
      // Expand the collapsed ancestors of the selected span, and bring it into view.
      for (const ancestor of collapsed) if (ancestor < index && index < subtreeEnd[ancestor]) collapsed.delete(ancestor);
      computeVisible();
      const position = visible.indexOf(index);
      const top = position * ROW_HEIGHT;
      if (top < scroller.scrollTop || top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) {
        scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 3);
      }
      render();
    },
  };
}
"""#
}
