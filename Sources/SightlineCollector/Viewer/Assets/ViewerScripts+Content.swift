extension ViewerScripts {
    /// `content.js`: Span content rendered for what it is: chat messages as a transcript with roles and tool calls, retrieved documents with their scores, JSON as a collapsible tree, text folded. All of it is text from senders and only ever becomes text nodes.
    static let content = #"""
// Span content rendered for what it is: chat messages as a transcript with roles and tool
// calls, retrieved documents with their scores, JSON as a collapsible tree, text folded.
// All of it is text from senders and only ever becomes text nodes.

import { h, foldedText, shortValue } from "./dom.js";

const PARSE_LIMIT = 2 * 1024 * 1024;
const CHILDREN_PER_PAGE = 200;

/** The value of JSON text, or undefined when `text` is not JSON (or too large to parse). */
export function parseJSON(text) {
  if (typeof text !== "string" || text.length > PARSE_LIMIT) return undefined;
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[" && first !== '"') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A span's input or output, as stored (plain text or JSON text). */
export function renderContent(raw) {
  const parsed = parseJSON(raw);
  return parsed === undefined ? foldedText(raw) : renderValue(parsed);
}

/** A parsed value: transcript, documents, text or JSON tree. */
export function renderValue(value) {
  const unwrapped = unwrap(value);
  if (typeof unwrapped === "string") return foldedText(unwrapped);
  const messages = asMessages(unwrapped);
  if (messages) return transcript(messages);
  const documents = asDocuments(unwrapped);
  if (documents) return documentList(documents);
  return h("div", { class: "json" }, jsonTree(unwrapped, 0));
}

/** LangWatch's typed wrappers, {"type": "text" | "chat_messages" | "json" | "raw", "value": …}. */
function unwrap(value) {
  if (value && typeof value === "object" && !Array.isArray(value) && "value" in value &&
      ["text", "chat_messages", "json", "raw", "list"].includes(value.type) && Object.keys(value).length <= 2) {
    return value.value;
  }
  return value;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function asMessages(value) {
  const list = isObject(value) && Array.isArray(value.messages) ? value.messages : value;
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.every((m) => isObject(m) && typeof m.role === "string") ? list : null;
}

export function asDocuments(value) {
  if (!Array.isArray(value) || value.length === 0) return null;
  const documents = value.every((d) => isObject(d) && "content" in d &&
    ("id" in d || "document_id" in d || "documentId" in d));
  return documents ? value : null;
}

function transcript(messages) {
  return h("ol", { class: "transcript" }, messages.map((message) => {
    const role = message.role;
    const body = h("div", { class: "message-body" });
    appendMessageContent(body, message.content);
    if (Array.isArray(message.parts)) appendMessageContent(body, message.parts);
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        const fn = isObject(call) && isObject(call.function) ? call.function : call;
        body.append(toolCall(fn && fn.name, fn && fn.arguments, isObject(call) ? call.id : undefined));
      }
    }
    return h("li", { class: `message role-${cssToken(role)}` },
      h("div", { class: "role" }, role,
        message.name ? h("span", { class: "muted" }, ` (${message.name})`) : null,
        message.tool_call_id ? h("span", { class: "muted mono" }, ` for ${message.tool_call_id}`) : null),
      body);
  }));
}

function appendMessageContent(body, content) {
  if (content === undefined || content === null) return;
  if (typeof content === "string") {
    body.append(foldedText(content, "text message-text"));
    return;
  }
  if (!Array.isArray(content)) {
    body.append(h("div", { class: "json" }, jsonTree(content, 1)));
    return;
  }
  for (const part of content) {
    if (!isObject(part)) {
      body.append(h("div", { class: "json" }, jsonTree(part, 1)));
    } else if (typeof part.text === "string") {
      body.append(foldedText(part.text, "text message-text"));
    } else if (part.type === "text" && typeof part.content === "string") {
      body.append(foldedText(part.content, "text message-text"));
    } else if (part.type === "tool_call") {
      body.append(toolCall(part.name, part.arguments, part.id));
    } else if (part.type === "tool_call_response") {
      body.append(h("div", { class: "tool-result" },
        h("div", { class: "tool-title" }, "Tool result", part.id ? h("span", { class: "mono muted" }, ` ${part.id}`) : null),
        renderValue(parseIfJSON(part.response ?? part.result ?? part.content ?? null))));
    } else if (part.type === "image_url" || part.type === "image") {
      // Never loaded: an image URL from a sender is not fetched by the viewer.
      body.append(h("div", { class: "muted" }, "[image]"));
    } else {
      body.append(h("div", { class: "json" }, jsonTree(part, 1)));
    }
  }
}

function parseIfJSON(value) {
  if (typeof value !== "string") return value;
  const parsed = parseJSON(value);
  return parsed === undefined ? value : parsed;
}

function toolCall(name, args, id) {
  const parsed = parseIfJSON(args);
  return h("div", { class: "tool-call" },
    h("div", { class: "tool-title" }, "Tool call ", h("strong", { class: "mono" }, String(name ?? "?")),
      id ? h("span", { class: "mono muted" }, ` ${id}`) : null),
    parsed === undefined || parsed === null ? null
      : typeof parsed === "string" ? foldedText(parsed) : h("div", { class: "json" }, jsonTree(parsed, 1)));
}

function documentList(documents) {
  return h("ol", { class: "documents" }, documents.map((document, index) => {
    const id = document.id ?? document.document_id ?? document.documentId;
    const chunk = document.chunk_id ?? document.chunkId;
    const score = typeof document.score === "number" ? document.score : null;
    return h("li", { class: "document" },
      h("div", { class: "document-head" },
        h("span", { class: "muted" }, `#${index + 1} `),
        h("span", { class: "mono" }, shortValue(id)),
        chunk !== undefined ? h("span", { class: "mono muted" }, ` · chunk ${shortValue(chunk)}`) : null,
        score !== null ? h("span", { class: "score" }, `score ${score.toFixed(3)}`) : null),
      typeof document.content === "string" ? foldedText(document.content) : h("div", { class: "json" }, jsonTree(document.content, 1)));
  }));
}

/** A collapsible tree of a JSON value; children are built when their node is first opened. */
export function jsonTree(value, depth) {
  if (value === null) return h("span", { class: "j-null" }, "null");
  if (typeof value === "string") {
    return value.length > 200 || value.includes("\n") ? foldedText(value, "text j-string-block")
      : h("span", { class: "j-string" }, JSON.stringify(value));
  }
  if (typeof value !== "object") return h("span", { class: `j-${typeof value}` }, String(value));
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const summaryText = Array.isArray(value) ? `[${entries.length} item${entries.length === 1 ? "" : "s"}]`
    : `{${entries.length} key${entries.length === 1 ? "" : "s"}}`;
  if (entries.length === 0) return h("span", { class: "j-empty" }, Array.isArray(value) ? "[]" : "{}");
  const details = h("details", { class: "j-node" }, h("summary", {}, summaryText));
  const list = h("ul", { class: "j-children" });
  details.append(list);
  let shown = 0;
  const showMore = () => {
    const end = Math.min(entries.length, shown + CHILDREN_PER_PAGE);
    for (; shown < end; shown++) {
      const [key, child] = entries[shown];
      list.append(h("li", {}, h("span", { class: "j-key" }, Array.isArray(value) ? `${key}: ` : `${key}: `), jsonTree(child, depth + 1)));
    }
    if (shown < entries.length) {
      const more = h("button", { type: "button", class: "show-all" }, `Show ${Math.min(CHILDREN_PER_PAGE, entries.length - shown)} more of ${entries.length - shown}`);
      more.addEventListener("click", () => {
        more.parentElement.remove();
        showMore();
      });
      list.append(h("li", {}, more));
    }
  };
  details.addEventListener("toggle", () => {
    if (details.open && shown === 0) showMore();
  });
  if (depth < 2) details.open = true;
  return details;
}

/** An attribute's value: JSON text as a tree, other text folded, other values as JSON. */
export function renderAttribute(value) {
  if (typeof value === "string") {
    const parsed = parseJSON(value);
    if (parsed !== undefined && typeof parsed === "object" && parsed !== null) return h("div", { class: "json" }, jsonTree(parsed, 1));
    return value.length > 200 || value.includes("\n") ? foldedText(value) : h("span", { class: "attr-text" }, value);
  }
  return h("div", { class: "json" }, jsonTree(value, 1));
}

/** Retrieved documents a span's attributes carry, under any convention's key; null when none. */
export function documentsInAttributes(attributes) {
  for (const key of ["gen_ai.retrieval.documents", "langwatch.rag.contexts", "sightline.rag.contexts"]) {
    const documents = asDocuments(parseIfJSON(attributes[key]));
    if (documents) return documents.map((d) => ({ ...d, id: d.id ?? d.document_id ?? d.documentId }));
  }
  const found = [];
  for (let index = 0; ; index++) {
    const prefix = `retrieval.documents.${index}.document.`;
    if (!(prefix + "content" in attributes)) break;
    found.push({ id: attributes[prefix + "id"] ?? String(index), content: attributes[prefix + "content"],
      score: attributes[prefix + "score"] });
  }
  return found.length ? found : null;
}

export function renderDocuments(documents) {
  return documentList(documents);
}

/** A class-name token from untrusted text (a role): letters and digits only. */
function cssToken(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]/g, "") || "other";
}
"""#
}
