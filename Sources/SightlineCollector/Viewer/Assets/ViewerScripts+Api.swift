extension ViewerScripts {
    /// `api.js`: The collector's JSON API. With an API key configured, the page asks for it once (kept in sessionStorage, so for this tab only) and sends it as a Bearer token with every call.
    static let api = #"""
// The collector's JSON API. With an API key configured, the page asks for it once (kept in
// sessionStorage, so for this tab only) and sends it as a Bearer token with every call.

import { h } from "./dom.js";

const KEY_STORAGE = "sightline.apiKey";
let askingForKey = null;

export class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API; on 401 asks for the key and tries again. Returns the parsed JSON reply. */
export async function api(path, options = {}) {
  for (;;) {
    const headers = new Headers(options.headers || {});
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers.set("Authorization", `Bearer ${key}`);
    if (options.body !== undefined) headers.set("Content-Type", "application/json");
    const response = await fetch(path, {
      method: options.method || "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: "no-store",
      signal: options.signal,
    });
    if (response.status === 401) {
      if (key) sessionStorage.removeItem(KEY_STORAGE);
      await askForKey(key ? "That key was refused. Try again." : "This collector needs its API key.");
      continue;
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!response.ok) throw new APIError(response.status, (body && body.message) || `${response.status} ${response.statusText}`);
    return body;
  }
}

/** Query parameters as a string for the API, leaving out empty values. */
export function query(params) {
  // Percent-encoded throughout: the collector reads "+" as a plus sign, not as a space.
  const parts = [];
  for (const [key, value] of params) if (value !== "") parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

function askForKey(message) {
  if (askingForKey) return askingForKey;
  askingForKey = new Promise((resolve) => {
    const input = h("input", { type: "password", id: "api-key-input", autocomplete: "off", required: true });
    const form = h("form", { class: "key-form" },
      h("h2", {}, "API key"),
      h("p", {}, message, " It is kept for this tab only."),
      input,
      h("button", { type: "submit", id: "api-key-submit" }, "Use key"));
    const overlay = h("div", { class: "overlay" }, form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY_STORAGE, input.value);
      overlay.remove();
      askingForKey = null;
      resolve();
    });
    document.body.append(overlay);
    input.focus();
  });
  return askingForKey;
}
"""#
}
