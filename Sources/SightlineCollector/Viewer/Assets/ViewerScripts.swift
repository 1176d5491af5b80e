/// The viewer's JavaScript: plain ES modules written for it, no framework and nothing fetched
/// from elsewhere. `app.js` is the entry point the page loads; it imports the others by
/// relative path, so each is served at `/viewer/<name>`.
enum ViewerScripts {
    static let modules: [(name: String, source: String)] = [
        ("app.js", app),
        ("api.js", api),
        ("dom.js", dom),
        ("route.js", route),
        ("widgets.js", widgets),
        ("content.js", content),
        ("traces.js", traces),
        ("waterfall.js", waterfall),
        ("trace.js", trace),
        ("thread.js", thread),
        ("users.js", users),
        ("overview.js", overview),
    ]
}
