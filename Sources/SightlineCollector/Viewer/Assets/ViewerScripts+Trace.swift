extension ViewerScripts {
    /// `trace.js`: One trace: its values and metadata (each a filter), the annotations a reviewer adds, the waterfall of its spans, and the selected span in full.
    static let trace = #"""
// One trace: its values and metadata (each a filter), the annotations a reviewer adds, the
// waterfall of its spans, and the selected span in full.

import { api } from "./api.js";
import { h, link, replace, formatTime, formatDuration, formatTokens, formatCost, formatNumber, shortValue, notify } from "./dom.js";
import { renderContent, renderAttribute, documentsInAttributes, renderDocuments, jsonTree } from "./content.js";
import { threadRoute, traceRoute } from "./route.js";
import { errorBadge, errorMessage, filterChip, metaChips, pageHeader, spanTypeBadge } from "./widgets.js";
import { waterfall } from "./waterfall.js";

export function traceView(root, traceId, params) {
  replace(root, h("div", { class: "list-status" }, "Loading…"));
  let stopped = false;
  loadTrace(traceId, () => stopped).then((detail) => {
    if (!stopped) show(root, detail, params.get("span"));
  }, (error) => {
    if (!stopped) replace(root, pageHeader("Trace"), errorMessage(error));
  });
  return () => { stopped = true; };
}

// The trace with all its spans: the API answers a page of them at a time (at most 1,000), so
// that no reply grows with the trace; the pages are fetched one after another.
async function loadTrace(traceId, isStopped) {
  const path = `/api/traces/${encodeURIComponent(traceId)}`;
  const detail = await api(path);
  while (detail.nextSpanOffset != null && !isStopped()) {
    const page = await api(`${path}?offset=${detail.nextSpanOffset}`);
    for (const node of page.spans) detail.spans.push(node);
    detail.nextSpanOffset = page.nextSpanOffset;
  }
  return detail;
}

function show(root, detail, selectedSpanId) {
  const summary = detail.summary;
  const nodes = detail.spans;
  const details = h("section", { class: "span-details", id: "span-details" });
  const metadata = h("section", { class: "trace-metadata", id: "trace-metadata" });
  const renderMetadata = () => replace(metadata, metadataPanel(summary, renderMetadata));
  renderMetadata();

  const select = (index) => {
    chart.select(index);
    const span = nodes[index].span;
    history.replaceState(null, "", traceRoute(summary.traceId, span.spanId));
    replace(details, spanDetails(span, summary));
  };
  const chart = nodes.length ? waterfall(nodes, select) : null;

  replace(root,
    pageHeader(shortValue(summary.name), errorBadge(summary.errorCount)),
    h("div", { class: "facts" },
      fact("Trace", h("span", { class: "mono", id: "trace-id" }, summary.traceId)),
      fact("Started", formatTime(summary.startTime)),
      fact("Duration", formatDuration(summary.durationNanoseconds)),
      fact("Spans", formatNumber(summary.spanCount)),
      fact("Tokens", formatTokens(summary.inputTokens, summary.outputTokens)),
      fact("Cost", formatCost(summary.cost)),
      summary.serviceName ? fact("Service", filterChip("service", summary.serviceName)) : null),
    metadata,
    h("div", { class: "trace-body" },
      h("section", { class: "waterfall-panel" }, chart ? chart.element : h("p", { class: "muted" }, "No spans stored.")),
      details));
  if (!chart) return;
  const wanted = selectedSpanId ? nodes.findIndex((node) => node.span.spanId === selectedSpanId) : -1;
  select(wanted >= 0 ? wanted : 0);
}

function fact(label, ...value) {
  return h("div", { class: "fact" }, h("div", { class: "fact-label" }, label), h("div", { class: "fact-value" }, ...value));
}

/** The trace's user, thread, customer, labels, custom metadata and evaluations, and the forms that annotate it. */
function metadataPanel(summary, rerender) {
  const labelInput = h("input", { id: "add-label-input", placeholder: "reviewed", required: true });
  const keyInput = h("input", { id: "meta-key-input", placeholder: "score", required: true });
  const valueInput = h("input", { id: "meta-value-input", placeholder: "0.9 or good", required: true });

  const addLabel = h("form", { class: "inline-form", id: "add-label-form" }, labelInput,
    h("button", { type: "submit", id: "add-label" }, "Add label"));
  addLabel.addEventListener("submit", async (event) => {
    event.preventDefault();
    const label = labelInput.value.trim();
    if (!label) return;
    try {
      await api("/v1/tag", { method: "POST", body: { traceId: summary.traceId, names: [label] } });
      if (!summary.labels.includes(label)) summary.labels = [...summary.labels, label].sort();
      rerender();
      notify(`Label ${label} added`);
    } catch (error) {
      notify(`Could not add the label: ${error.message}`, "error");
    }
  });

  const setMeta = h("form", { class: "inline-form", id: "set-meta-form" }, keyInput, h("span", {}, "="), valueInput,
    h("button", { type: "submit", id: "set-meta" }, "Set metadata"));
  setMeta.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (!key) return;
    const value = typedValue(valueInput.value.trim());
    try {
      await api("/v1/traces/metadata", { method: "POST", body: { traceId: summary.traceId, metadata: { [key]: value } } });
      summary.metadata = { ...summary.metadata, [key]: value };
      rerender();
      notify(`${key} set`);
    } catch (error) {
      notify(`Could not set ${key}: ${error.message}`, "error");
    }
  });

  const removeLabel = async (label) => {
    const remaining = summary.labels.filter((l) => l !== label);
    try {
      // LangWatch's metadata PATCH replaces the labels with the list it is given.
      await api(`/api/traces/${encodeURIComponent(summary.traceId)}/metadata`, { method: "PATCH", body: { metadata: { labels: remaining } } });
      summary.labels = remaining;
      rerender();
      notify(`Label ${label} removed`);
    } catch (error) {
      notify(`Could not remove the label: ${error.message}`, "error");
    }
  };

  return [
    h("div", { class: "meta-grid" },
      fact("User", filterChip("user", summary.userId) || h("span", { class: "muted" }, "none")),
      fact("Thread", filterChip("thread", summary.threadId) || h("span", { class: "muted" }, "none"),
        summary.threadId ? link(threadRoute(summary.threadId), { class: "thread-link", id: "open-thread" }, "Open conversation") : null),
      fact("Customer", filterChip("customer", summary.customerId) || h("span", { class: "muted" }, "none")),
      fact("Labels", h("span", { class: "chips", id: "trace-labels" }, summary.labels.length ? summary.labels.map((label) =>
        h("span", { class: "removable" }, filterChip("label", label),
          h("button", { type: "button", class: "remove", title: `Remove label ${label}`, "aria-label": `Remove label ${label}`, onclick: () => removeLabel(label) }, "×")))
        : h("span", { class: "muted" }, "none"))),
      fact("Metadata", h("span", { class: "chips", id: "trace-meta" }, Object.keys(summary.metadata).length ? metaChips(summary.metadata) : h("span", { class: "muted" }, "none"))),
      fact("Evaluations", h("span", { id: "trace-evaluations" }, (summary.evaluations || []).length
        ? summary.evaluations.map(evaluationLine) : h("span", { class: "muted" }, "none")))),
    h("div", { class: "annotate" }, addLabel, setMeta),
  ];
}

/** One evaluation as text: `faithfulness 0.42 fail`, its explanation on hover. */
function evaluationLine(evaluation) {
  const parts = [evaluation.name];
  if (evaluation.score !== undefined && evaluation.score !== null) parts.push(String(evaluation.score));
  if (evaluation.label !== undefined && evaluation.label !== null) parts.push(evaluation.label);
  return h("div", { class: "evaluation", title: evaluation.explanation || "" }, parts.join(" "));
}

/** What a reviewer typed, as JSON: numbers and booleans as such, anything else as text. */
function typedValue(text) {
  if (text === "true" || text === "false") return text === "true";
  if (text !== "" && Number.isFinite(Number(text))) return Number(text);
  return text;
}

function spanDetails(span, summary) {
  const exceptions = (span.events || []).filter((event) => event.name === "exception");
  const documents = documentsInAttributes(span.attributes || {});
  const attributeKeys = Object.keys(span.attributes || {}).sort();
  return [
    h("div", { class: "span-title" }, spanTypeBadge(span.type), h("h2", { id: "span-name" }, shortValue(span.name)),
      span.isError ? h("span", { class: "badge error-badge" }, "error") : null),
    h("div", { class: "facts span-facts" },
      fact("Span", h("span", { class: "mono" }, span.spanId)),
      span.parentSpanId ? fact("Parent", h("span", { class: "mono" }, span.parentSpanId)) : null,
      fact("Duration", formatDuration(Math.max(span.endTime - span.startTime, 0))),
      fact("Starts at", `+${formatDuration(Math.max(span.startTime - summary.startTime, 0))}`),
      span.firstTokenTime ? fact("First token", `+${formatDuration(Math.max(span.firstTokenTime - span.startTime, 0))}`) : null,
      span.model ? fact("Model", filterChip("model", span.model)) : null,
      span.responseModel && span.responseModel !== span.model ? fact("Answered by", span.responseModel) : null,
      span.provider ? fact("Provider", span.provider) : null,
      span.inputTokens != null || span.outputTokens != null ? fact("Tokens", h("span", { id: "span-tokens" }, formatTokens(span.inputTokens, span.outputTokens))) : null,
      span.cost != null ? fact("Cost", h("span", { id: "span-cost" }, formatCost(span.cost))) : null,
      span.kind ? fact("Kind", span.kind) : null,
      span.serviceName ? fact("Service", span.serviceName) : null,
      fact("Status", span.isError ? h("span", { class: "status-error" }, "Error", span.statusMessage ? `: ${span.statusMessage}` : "") : "OK")),
    exceptions.map((event) => h("div", { class: "exception" },
      h("div", { class: "exception-title" }, shortValue(event.attributes["exception.type"] ?? "exception"), ": ",
        shortValue(event.attributes["exception.message"] ?? "")),
      event.attributes["exception.stacktrace"] ? renderAttribute(String(event.attributes["exception.stacktrace"])) : null)),
    section("Input", span.input != null ? h("div", { id: "span-input" }, renderContent(span.input)) : null),
    section("Output", span.output != null ? h("div", { id: "span-output" }, renderContent(span.output)) : null),
    section("Documents", documents ? renderDocuments(documents) : null),
    section("Carried", span.labels.length || Object.keys(span.metadata).length
      ? h("div", { class: "chips" }, span.labels.map((label) => filterChip("label", label)), metaChips(span.metadata)) : null),
    section(`Attributes (${attributeKeys.length})`, attributeKeys.length ? h("table", { class: "attributes" },
      h("tbody", {}, attributeKeys.map((key) => h("tr", {}, h("th", { class: "mono" }, key), h("td", {}, renderAttribute(span.attributes[key])))))) : null),
    section(`Events (${(span.events || []).length})`, (span.events || []).length ? h("ol", { class: "events" }, span.events.map((event) =>
      h("li", {}, h("span", { class: "mono" }, shortValue(event.name)),
        h("span", { class: "muted" }, ` +${formatDuration(Math.max(event.time - span.startTime, 0))}`),
        Object.keys(event.attributes).length ? h("div", { class: "json" }, jsonTree(event.attributes, 1)) : null))) : null),
    section(`Links (${(span.links || []).length})`, (span.links || []).length ? h("ol", { class: "events", id: "span-links" }, span.links.map((spanLink) =>
      h("li", {}, link(traceRoute(spanLink.traceId, spanLink.spanId), { class: "mono" }, `${spanLink.traceId} / ${spanLink.spanId}`),
        Object.keys(spanLink.attributes).length ? h("div", { class: "json" }, jsonTree(spanLink.attributes, 1)) : null))) : null),
  ];
}

function section(title, content) {
  if (!content) return null;
  return h("section", { class: "detail-section" }, h("h3", {}, title), content);
}
"""#
}
