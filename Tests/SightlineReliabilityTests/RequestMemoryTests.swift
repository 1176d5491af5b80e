import Foundation
import SightlineTesting
import Testing

/// One request's memory stays within a small multiple of the body limit, whatever the body's
/// shape: the decoders estimate what the decoded body takes and refuse it past four times the
/// limit. Two million tiny JSON objects (16 MB) once took the REST route to over 400 MB.
@Suite("Request memory", .timeLimit(.minutes(1)))
struct RequestMemoryTests {
    static let bodyLimit = 16 << 20
    /// Under a sanitizer the collector under test is built with it too, and its peak then measures
    /// the sanitizer as well: AddressSanitizer pads every allocation and holds freed memory back,
    /// ThreadSanitizer maps shadow memory beside what the collector touches (for the tiny-object
    /// body 232 and 238 MB, where the plain debug build peaks at 90 MB).
    static let sanitizerAllowance = dlsym(nil, "__asan_init") != nil || dlsym(nil, "__tsan_init") != nil ? 3 : 1

    @Test(arguments: [
        ("/api/collector", #"{"trace_id":"t","spans":["#, #"{"a":0}"#, "]}"),
        ("/v1/traces", #"{"resourceSpans":[{"scopeSpans":[{"spans":["#, "{}", "]}]}]}"),
    ])
    func millionsOfTinyObjectsAreRefusedWithinTheBound(route: String, head: String, element: String, tail: String) async throws {
        let directory = try TemporaryDirectory()
        let collector = try await CollectorProcess.start(databasePath: directory.path("c.db"))
        defer { collector.kill() }
        let count = (Self.bodyLimit - head.utf8.count - tail.utf8.count) / (element.utf8.count + 1)
        let body = Array((head + Array(repeating: element, count: count).joined(separator: ",") + tail).utf8)
        let before = try collector.memory("VmRSS")
        let status = try await collector.post(route, contentType: "application/json", body: body)
        #expect(status == 400)
        let growth = try collector.memory("VmHWM") - before
        // Measured on the debug build: about 90 MB (6 times the body limit); before, 380 MB.
        #expect(growth < 8 * Self.bodyLimit * Self.sanitizerAllowance, "peak grew by \(growth >> 20) MB for a \(body.count >> 20) MB body")
        #expect(try await collector.get("/api/users").status == 200)
    }
}
