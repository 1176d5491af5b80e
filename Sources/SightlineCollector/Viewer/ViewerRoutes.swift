import Hummingbird

/// Serves the web viewer: `GET /` and `GET /viewer/<file>`, from ``ViewerAsset/byPath``.
///
/// These routes are registered before the API key check: the page must load without the key
/// so that it can ask for it; every API call the page then makes sends it. Nothing stored is
/// in these files, so they give nothing away.
enum ViewerRoutes {
    static func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try reply(for: "/") }
        router.get("/viewer/{file}") { _, context in
            try reply(for: "/viewer/" + (context.parameters.get("file") ?? ""))
        }
    }

    private static func reply(for path: String) throws -> Response {
        guard let asset = ViewerAsset.byPath[path] else {
            throw CollectorHTTPError.notFound("the viewer has no file at \(path)")
        }
        return Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "no-cache"],
                        body: ResponseBody(byteBuffer: asset.bytes))
    }
}
