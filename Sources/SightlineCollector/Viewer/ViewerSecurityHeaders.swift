import Hummingbird

/// The headers every reply of the collector carries so that a browser never runs what a
/// sender stored: the viewer's own scripts and styles are the only ones allowed (no inline
/// script, nothing from another origin), nothing is sniffed into another type, and no page
/// may frame the viewer.
struct ViewerSecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// The viewer's Content-Security-Policy.
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    }

    static var fields: HTTPFields {
        [.contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff"]
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: Self.fields)
            return response
        } catch let error as any HTTPResponseError {
            // Refusals (401, 404, 400) carry the headers too.
            var response = try error.response(from: request, context: context)
            response.headers.append(contentsOf: Self.fields)
            return response
        }
    }
}
