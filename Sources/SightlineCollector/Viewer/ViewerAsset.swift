import Hummingbird

/// One file of the web viewer, compiled into the binary: the page works offline and travels
/// with the executable, with no resource folder beside it.
struct ViewerAsset: Sendable {
    /// The `Content-Type` it is served with.
    let contentType: String
    let bytes: ByteBuffer

    init(contentType: String, text: String) {
        self.contentType = contentType
        self.bytes = ByteBuffer(string: text)
    }

    /// The viewer's files by the path they are served at. The page is a single document at `/`
    /// whose views live in the URL's fragment (`#/traces?…`, `#/trace/<id>`), so no other path
    /// is needed for a link to reproduce a view.
    static let byPath: [String: ViewerAsset] = {
        let javaScript = "text/javascript; charset=utf-8"
        var assets: [String: ViewerAsset] = [
            "/": ViewerAsset(contentType: "text/html; charset=utf-8", text: ViewerIndexPage.html),
            "/viewer/style.css": ViewerAsset(contentType: "text/css; charset=utf-8", text: ViewerStyle.css),
        ]
        for (name, source) in ViewerScripts.modules {
            assets["/viewer/" + name] = ViewerAsset(contentType: javaScript, text: source)
        }
        return assets
    }()
}
