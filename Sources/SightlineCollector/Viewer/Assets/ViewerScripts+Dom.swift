extension ViewerScripts {
    /// `dom.js`: DOM helpers. Everything a sender stored is untrusted: it only ever becomes text nodes or property values, never markup, and never a URL other than the viewer's own "#/" routes.
    static let dom = #"""
// DOM helpers. Everything a sender stored is untrusted: it only ever becomes text nodes or
// property values, never markup, and never a URL other than the viewer's own "#/" routes.

/** An element with properties, classes and children; strings become text nodes. */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "data") for (const [name, v] of Object.entries(value)) node.dataset[name] = String(v);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "href") throw new Error("use link() for links");
    else if (key in node && key !== "style") node[key] = value;
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

/** Appends children: nodes as they are, strings and numbers as text, arrays flattened. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A link to one of the viewer's own views. `route` is built by route.js and starts with "#/". */
export function link(route, props, ...children) {
  if (typeof route !== "string" || !route.startsWith("#/")) throw new Error("not a viewer route: " + route);
  const node = h("a", props, ...children);
  node.setAttribute("href", route);
  return node;
}

/** Removes every child of `node` and appends `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

export const FOLD_LIMIT = 4096;

/** Text shown whole when short; else its first few KB and a button that shows the rest. */
export function foldedText(text, className = "text") {
  const value = String(text);
  const pre = h("pre", { class: className });
  if (value.length <= FOLD_LIMIT) {
    pre.textContent = value;
    return pre;
  }
  pre.textContent = value.slice(0, FOLD_LIMIT);
  const more = h("button", { type: "button", class: "show-all" }, `Show all (${formatBytes(value.length)})`);
  more.addEventListener("click", () => {
    pre.textContent = value;
    more.remove();
  });
  return h("div", { class: "folded" }, pre, h("div", { class: "fold-note" }, "… folded at 4 KB ", more));
}

export function formatBytes(characters) {
  if (characters < 1024) return `${characters} characters`;
  if (characters < 1024 * 1024) return `${(characters / 1024).toFixed(1)} KB`;
  return `${(characters / 1024 / 1024).toFixed(1)} MB`;
}

/** A duration given in nanoseconds. */
export function formatDuration(nanoseconds) {
  if (nanoseconds === null || nanoseconds === undefined) return "";
  const ms = nanoseconds / 1e6;
  if (ms < 1) return `${(nanoseconds / 1e3).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60000)} m ${Math.round((ms % 60000) / 1000)} s`;
}

/** A timestamp given in nanoseconds since the epoch, in local time. */
export function formatTime(nanoseconds) {
  const date = new Date(nanoseconds / 1e6);
  const pad = (n, width = 2) => String(n).padStart(width, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export function formatCost(cost) {
  if (cost === null || cost === undefined) return "";
  if (cost === 0) return "$0";
  return cost < 0.01 ? `$${cost.toPrecision(2)}` : `$${cost.toFixed(cost < 1 ? 4 : 2)}`;
}

export function formatTokens(input, output) {
  if (input == null && output == null) return "";
  return `${input ?? 0} → ${output ?? 0}`;
}

export function formatNumber(value) {
  return value === null || value === undefined ? "" : Number(value).toLocaleString("en-US");
}

/** A JSON value as short text for a chip or a cell. */
export function shortValue(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? text.slice(0, 79) + "…" : text;
}

/** A message under the page's header for a while. */
export function notify(message, kind = "info") {
  const area = document.getElementById("notices");
  const note = h("div", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, message);
  area.append(note);
  setTimeout(() => note.remove(), kind === "error" ? 8000 : 3000);
}
"""#
}
