extension ViewerScripts {
    /// `route.js`: The view lives in the URL's fragment, "#/traces?user=ana&meta=score%3E0.8": a link reproduces it, and back and forward move between views. Only the viewer's own routes are built here, each value percent-encoded.
    static let route = #"""
// The view lives in the URL's fragment, "#/traces?user=ana&meta=score%3E0.8": a link reproduces
// it, and back and forward move between views. Only the viewer's own routes are built here,
// each value percent-encoded.

/** The filters of the traces view, in the order the filter bar shows them. */
export const FILTER_KEYS = ["user", "thread", "customer", "label", "meta", "eval", "since", "errors", "model", "type",
  "service", "text", "minDuration", "maxDuration", "minCost", "maxCost"];

/** The filters that add up (each condition must hold); the others replace. */
export const ADDITIVE_KEYS = ["meta", "eval"];

/** The view the fragment names: { view, id, params }. */
export function currentRoute() {
  const fragment = location.hash.replace(/^#\/?/, "");
  const question = fragment.indexOf("?");
  const path = question < 0 ? fragment : fragment.slice(0, question);
  const params = new URLSearchParams(question < 0 ? "" : fragment.slice(question + 1));
  const [view, ...rest] = path.split("/");
  const id = rest.length ? decodeURIComponent(rest.join("/")) : null;
  return { view: view || "traces", id, params };
}

function withQuery(path, params) {
  const query = params && params.toString();
  return query ? `${path}?${query}` : path;
}

export function tracesRoute(params) {
  return withQuery("#/traces", params);
}

export function traceRoute(traceId, spanId) {
  return withQuery(`#/trace/${encodeURIComponent(traceId)}`, spanId ? new URLSearchParams({ span: spanId }) : null);
}

export function threadRoute(threadId) {
  return `#/thread/${encodeURIComponent(threadId)}`;
}

export function usersRoute(params) {
  return withQuery("#/users", params);
}

export function overviewRoute(params) {
  return withQuery("#/overview", params);
}

/** The traces filters of `params` with one more: `meta` and `eval` conditions add up, the others replace. */
export function withFilter(params, key, value) {
  const next = new URLSearchParams(params);
  if (ADDITIVE_KEYS.includes(key)) {
    if (!next.getAll(key).includes(value)) next.append(key, value);
  } else {
    next.set(key, value);
  }
  return next;
}

/** The filters of `params` without one value of `key`. */
export function withoutFilter(params, key, value) {
  const next = new URLSearchParams();
  for (const [name, v] of params) if (!(name === key && v === value)) next.append(name, v);
  return next;
}

/** The traces view with `key=value` added to the current filters (from any view). */
export function filterRoute(key, value) {
  const route = currentRoute();
  const base = route.view === "traces" ? route.params : new URLSearchParams();
  return tracesRoute(withFilter(base, key, value));
}

/** A metadata value as an exact `meta` condition. */
export function metaCondition(key, value) {
  return `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`;
}

export function navigate(route) {
  if (location.hash !== route) location.hash = route;
}
"""#
}
