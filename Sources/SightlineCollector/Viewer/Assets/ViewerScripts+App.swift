extension ViewerScripts {
    /// `app.js`: The viewer's entry point: the navigation and the view the URL's fragment names.
    static let app = #"""
// The viewer's entry point: the navigation and the view the URL's fragment names.

import { link, replace } from "./dom.js";
import { currentRoute, overviewRoute, tracesRoute, usersRoute } from "./route.js";
import { tracesView } from "./traces.js";
import { traceView } from "./trace.js";
import { threadView } from "./thread.js";
import { usersView } from "./users.js";
import { overviewView } from "./overview.js";

const main = document.getElementById("main");
let dispose = () => {};

function route() {
  dispose();
  const { view, id, params } = currentRoute();
  for (const item of document.querySelectorAll("nav a")) item.classList.toggle("current", item.dataset.view === view);
  window.scrollTo(0, 0);
  if (view === "trace" && id) dispose = traceView(main, id, params);
  else if (view === "thread" && id) dispose = threadView(main, id);
  else if (view === "users") dispose = usersView(main, params);
  else if (view === "overview") dispose = overviewView(main, params);
  else dispose = tracesView(main, params);
}

function navigation() {
  const nav = document.getElementById("nav");
  const item = (route, view, title) => link(route, { data: { view } }, title);
  replace(nav, item(tracesRoute(null), "traces", "Traces"), item(usersRoute(null), "users", "Users"),
    item(overviewRoute(null), "overview", "Overview"));
}

navigation();
window.addEventListener("hashchange", route);
route();
"""#
}
