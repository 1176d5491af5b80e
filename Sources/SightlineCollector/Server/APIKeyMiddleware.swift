import Hummingbird

/// Lets a request through only when it carries the collector's API key, as
/// `Authorization: Bearer <key>` (OTLP senders, Laminar's shape) or `X-Auth-Token: <key>`
/// (LangWatch's REST shape). Anything else is answered 401 before the body is read, so nothing
/// is stored. Runs in front of every route, unknown paths included.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    private let key: [UInt8]

    init(key: String) {
        self.key = Array(key.utf8)
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let bearer = request.headers[values: .authorization].compactMap { value -> Substring? in
            let parts = value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return parts[1].drop { $0 == " " }
        }
        let tokens = request.headers.filter { $0.name.canonicalName == "x-auth-token" }.map(\.value)
        // Every candidate is compared, so the time taken does not say which header came close.
        var accepted = false
        for candidate in bearer.map(String.init) + tokens where Self.constantTimeEqual(Array(candidate.utf8), key) {
            accepted = true
        }
        guard accepted else {
            let message = bearer.isEmpty && tokens.isEmpty
                ? "this collector requires an API key: send 'Authorization: Bearer <key>' or 'X-Auth-Token: <key>'"
                : "the API key is not this collector's"
            throw CollectorHTTPError(status: .unauthorized, message: message, headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }

    /// Equality whose running time depends on the lengths only, never on where the bytes differ.
    static func constantTimeEqual(_ candidate: [UInt8], _ key: [UInt8]) -> Bool {
        var difference = UInt64(truncatingIfNeeded: candidate.count ^ key.count)
        for index in 0..<max(candidate.count, key.count) {
            let left = index < candidate.count ? candidate[index] : 0
            let right = index < key.count ? key[index] : 0
            difference |= UInt64(left ^ right)
        }
        return difference == 0
    }
}
