import Hummingbird
import Logging

/// The collector's routes on one Hummingbird router, behind the API key check when there is a
/// key. See ``CollectorServer`` for the table of routes.
struct CollectorRoutes: Sendable {
    let store: StoreAccess
    let apiKey: String?
    let bodyReader: RequestBodyReader

    init(store: any TraceStoring, apiKey: String?, maximumBodySize: Int, logger: Logger) {
        self.store = StoreAccess(store: store, logger: logger)
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.bodyReader = RequestBodyReader(
            maximumSize: min(max(maximumBodySize, 0), CollectorServer.Configuration.largestBodySize))
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ViewerSecurityHeaders())
        // The viewer's files load without the key, so that the page can ask for it.
        ViewerRoutes.register(on: router)
        // Added before the routes: middleware wraps only the routes registered after it.
        if let apiKey { router.add(middleware: APIKeyMiddleware(key: apiKey)) }

        let receiver = OTLPReceiver(store: store, bodyReader: bodyReader)
        let langWatch = LangWatchCollectorRoute(store: store, bodyReader: bodyReader)
        let postHoc = PostHocRoutes(store: store, bodyReader: bodyReader)
        let queries = QueryRoutes(store: store)

        router.post("/v1/traces") { request, _ in try await receiver.receive(request) }
        router.post("/api/collector") { request, _ in try await langWatch.receive(request) }
        router.post("/v1/traces/metadata") { request, _ in try await postHoc.laminarMetadata(request) }
        router.patch("/api/traces/{id}/metadata") { request, context in
            try await postHoc.langWatchMetadata(request, traceId: context.parameters.get("id"))
        }
        router.post("/v1/tag") { request, _ in try await postHoc.tag(request) }
        router.post("/api/traces/{id}/evaluations") { request, context in
            try await postHoc.evaluation(request, traceId: context.parameters.get("id"))
        }
        router.get("/api/traces") { request, _ in try await queries.traces(request) }
        router.get("/api/traces/{id}") { request, context in try await queries.trace(request, id: context.parameters.get("id")) }
        router.get("/api/traces/{id}/spans/{spanId}") { _, context in
            try await queries.span(traceId: context.parameters.get("id"), spanId: context.parameters.get("spanId"))
        }
        router.get("/api/threads/{id}") { _, context in try await queries.thread(id: context.parameters.get("id")) }
        router.get("/api/users") { _, _ in try await queries.users() }
        router.get("/api/overview") { request, _ in try await OverviewRoute(store: store).overview(request) }
        return router
    }
}
