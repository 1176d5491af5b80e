extension ViewerScripts {
    /// `overview.js`: Activity over a chosen range: traces, errors, tokens and cost per interval, and each model's p50 and p95 latency. The charts are SVG drawn here; hovering a bar shows its value.
    static let overview = #"""
// Activity over a chosen range: traces, errors, tokens and cost per interval, and each model's
// p50 and p95 latency. The charts are SVG drawn here; hovering a bar shows its value.

import { api } from "./api.js";
import { h, replace, formatTime, formatDuration, formatCost, formatNumber, shortValue } from "./dom.js";
import { navigate, overviewRoute } from "./route.js";
import { errorMessage, pageHeader } from "./widgets.js";

const SVG = "http://www.w3.org/2000/svg";
const RANGES = [["1h", "Last hour"], ["6h", "6 hours"], ["24h", "24 hours"], ["7d", "7 days"], ["30d", "30 days"]];
const WIDTH = 640;
const HEIGHT = 170;
const PAD = { left: 56, right: 8, top: 10, bottom: 22 };

export function overviewView(root, params) {
  const range = RANGES.some(([value]) => value === params.get("range")) ? params.get("range") : "24h";
  const picker = h("select", { id: "overview-range", onchange: () => navigate(overviewRoute(new URLSearchParams({ range: picker.value }))) },
    RANGES.map(([value, title]) => h("option", { value }, title)));
  picker.value = range;
  const content = h("div", { class: "list-status" }, "Loading…");
  replace(root, pageHeader("Overview", picker), content);
  let stopped = false;
  api(`/api/overview?since=${encodeURIComponent(range)}&intervals=48`).then((overview) => {
    if (!stopped) content.replaceWith(charts(overview));
  }, (error) => {
    if (!stopped) content.replaceWith(errorMessage(error));
  });
  return () => { stopped = true; };
}

function charts(overview) {
  const intervals = overview.intervals;
  const totals = intervals.reduce((sum, i) => ({ traces: sum.traces + i.traces, errors: sum.errors + i.errors,
    tokens: sum.tokens + i.tokens, cost: sum.cost + i.cost }), { traces: 0, errors: 0, tokens: 0, cost: 0 });
  const width = overview.intervalNanoseconds;
  return h("div", { class: "overview", id: "overview" },
    h("div", { class: "charts" },
      barChart("Traces", formatNumber(totals.traces), intervals, (i) => i.traces, formatNumber, "bar-traces", width),
      barChart("Traces with errors", formatNumber(totals.errors), intervals, (i) => i.errors, formatNumber, "bar-errors", width),
      barChart("Tokens", formatNumber(totals.tokens), intervals, (i) => i.tokens, formatNumber, "bar-tokens", width),
      barChart("Cost", formatCost(totals.cost), intervals, (i) => i.cost, formatCost, "bar-cost", width)),
    latencyChart(overview.latency));
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  for (const child of children) node.append(child);
  return node;
}

function svgText(x, y, text, anchor = "start", className = "axis-text") {
  const node = svg("text", { x, y, "text-anchor": anchor, class: className });
  node.textContent = text;
  return node;
}

function barChart(title, total, intervals, pick, format, className, intervalWidth) {
  const values = intervals.map(pick);
  const max = Math.max(...values, 0);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / Math.max(intervals.length, 1);
  const readout = h("div", { class: "readout" }, "Hover a bar for its value");
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart", role: "img", "aria-label": title },
    svg("line", { x1: PAD.left, y1: PAD.top + plotHeight, x2: WIDTH - PAD.right, y2: PAD.top + plotHeight, class: "axis" }),
    svgText(PAD.left - 6, PAD.top + 8, format(max) || "0", "end"),
    svgText(PAD.left - 6, PAD.top + plotHeight, "0", "end"));
  intervals.forEach((interval, index) => {
    const value = values[index];
    const barHeight = max > 0 ? (value / max) * plotHeight : 0;
    const label = `${formatTime(interval.start).slice(0, 16)} – ${formatTime(interval.start + intervalWidth).slice(11, 16)}: ${format(value) || "0"}`;
    // A full-height transparent target per interval, so that even an empty interval shows its value.
    const target = svg("rect", { x: PAD.left + index * step, y: PAD.top, width: step, height: plotHeight, class: "hover-target" },
      svg("title", {}, label));
    const bar = svg("rect", { x: PAD.left + index * step + 1, y: PAD.top + plotHeight - barHeight, width: Math.max(step - 2, 1),
      height: barHeight, class: `bar ${className}` });
    const group = svg("g", { class: "interval", "data-value": value }, target, bar);
    group.addEventListener("mouseenter", () => {
      readout.textContent = label;
      group.classList.add("hover");
    });
    group.addEventListener("mouseleave", () => group.classList.remove("hover"));
    chart.append(group);
  });
  if (intervals.length) {
    const last = intervals[intervals.length - 1];
    chart.append(svgText(PAD.left, HEIGHT - 6, formatTime(intervals[0].start).slice(5, 16)),
      svgText(WIDTH - PAD.right, HEIGHT - 6, formatTime(last.start + intervalWidth).slice(5, 16), "end"));
  }
  return h("figure", { class: "chart-card" }, h("figcaption", {}, h("span", {}, title), h("strong", {}, total)), chart, readout);
}

function latencyChart(latency) {
  const card = h("figure", { class: "chart-card wide", id: "latency" }, h("figcaption", {}, h("span", {}, "LLM latency per model (p50, p95; time to first token of streamed calls on hover)")));
  if (!latency.length) {
    card.append(h("p", { class: "muted" }, "No LLM spans with a model in this range."));
    return card;
  }
  const rowHeight = 34;
  const labelWidth = 180;
  const height = latency.length * rowHeight + 24;
  const max = Math.max(...latency.map((l) => l.p95Nanoseconds), 1);
  const width = 980;
  const plot = width - labelWidth - 110;
  const readout = h("div", { class: "readout" }, "Hover a bar for its value");
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": "Latency per model" });
  latency.forEach((entry, index) => {
    const y = 8 + index * rowHeight;
    const name = shortValue(entry.model);
    chart.append(svgText(labelWidth - 8, y + 16, name.length > 26 ? name.slice(0, 25) + "…" : name, "end", "axis-text model-name"));
    for (const [key, className, offset] of [["p50Nanoseconds", "bar-p50", 0], ["p95Nanoseconds", "bar-p95", 13]]) {
      const value = entry[key];
      const firstToken = entry[`timeToFirstToken${key.slice(0, 3).toUpperCase()}Nanoseconds`];
      const label = `${entry.model}: ${key.slice(0, 3)} ${formatDuration(value)} over ${formatNumber(entry.calls)} call${entry.calls === 1 ? "" : "s"}`
        + (firstToken == null ? "" : `; first token ${key.slice(0, 3)} ${formatDuration(firstToken)} over ${formatNumber(entry.streamedCalls)} streamed`);
      const bar = svg("rect", { x: labelWidth, y: y + offset, width: Math.max((value / max) * plot, 1), height: 11, class: `bar ${className}` },
        svg("title", {}, label));
      bar.addEventListener("mouseenter", () => { readout.textContent = label; });
      chart.append(bar, svgText(labelWidth + Math.max((value / max) * plot, 1) + 4, y + offset + 10, `${key.slice(0, 3)} ${formatDuration(value)}`, "start", "axis-text small"));
    }
  });
  card.append(chart, readout);
  return card;
}
"""#
}
