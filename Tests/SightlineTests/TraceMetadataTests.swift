import SightlineTesting
import Testing
@testable import Sightline

@Suite("Trace metadata")
struct TraceMetadataTests {
    @Test func mergeIsShallowLaterKeysWinAndLabelsUnion() {
        var metadata = TraceMetadata(userId: "u-1", threadId: "t-1", labels: ["production", "beta"],
                                     custom: ["variant": "A", "nested": ["a": 1]])
        metadata.merge(TraceMetadata(userId: "u-2", customerId: "acme", labels: ["beta", "vip"],
                                     custom: ["variant": "B", "score": 0.9]))
        #expect(metadata.userId == "u-2")
        #expect(metadata.threadId == "t-1", "unset values leave the old ones")
        #expect(metadata.customerId == "acme")
        #expect(metadata.labels == ["production", "beta", "vip"])
        #expect(metadata.custom == ["variant": "B", "nested": ["a": 1], "score": 0.9])
    }

    @Test func nestedCustomObjectsAreReplacedNotDeepMerged() {
        var metadata = TraceMetadata(custom: ["config": ["a": 1, "b": 2]])
        metadata.merge(TraceMetadata(custom: ["config": ["c": 3]]))
        #expect(metadata.custom["config"] == ["c": 3])
    }

    @Test func metadataGivenAtStartAndUpdatedLaterReachesSpansThatEndAfter() async throws {
        let (sdk, exporter) = makeSDK()
        await sdk.withTrace("handle", metadata: TraceMetadata(userId: "u-1", labels: ["production"])) { trace in
            Sightline.withSpan("early") { _ in }
            trace.update(threadId: "conv-9", custom: ["variant": "B"])
            Sightline.updateTrace(labels: ["vip"], custom: ["score": 0.5])
            Sightline.withSpan("late") { _ in }
        }
        await sdk.flush()
        let early = try #require(exporter.spans(named: "early").first)
        let late = try #require(exporter.spans(named: "late").first)
        let root = try #require(exporter.spans(named: "handle").first)
        #expect(early.traceMetadata == TraceMetadata(userId: "u-1", labels: ["production"]),
                "a span carries the metadata as it was when it ended")
        let expected = TraceMetadata(userId: "u-1", threadId: "conv-9", labels: ["production", "vip"],
                                     custom: ["variant": "B", "score": 0.5])
        #expect(late.traceMetadata == expected)
        #expect(root.traceMetadata == expected)
    }

    @Test func updatesFromConcurrentChildTasksAllLand() async throws {
        let (sdk, exporter) = makeSDK()
        await sdk.withTrace("root") { _ in
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    group.addTask { Sightline.updateTrace(labels: ["l\(index)"], custom: ["k\(index)": .int(Int64(index))]) }
                }
            }
        }
        await sdk.flush()
        let root = try #require(exporter.spans.first)
        #expect(root.traceMetadata.labels.count == 50)
        #expect(root.traceMetadata.custom.count == 50)
    }

    @Test func updateOutsideATraceIsCountedAndWarnedOnce() {
        let warnings = WarningLog()
        let (sdk, _) = makeSDK(warnings: warnings)
        sdk.updateTrace(userId: "nobody")
        sdk.updateTrace(userId: "nobody again")
        #expect(sdk.diagnostics.value(of: .traceUpdatesOutsideTrace) == 2)
        let relevant = warnings.all.filter { $0.contains("outside any trace") }
        #expect(relevant.count == 1)
    }

    @Test func traceCurrentIsTheActiveTrace() async {
        let (sdk, _) = makeSDK()
        #expect(Trace.current == nil)
        await sdk.withTrace("root") { trace in
            #expect(Trace.current === trace)
            Sightline.withSpan("child") { span in
                #expect(span.trace === trace)
                #expect(Trace.current === trace)
            }
        }
    }

    @Test func customMetadataHoldsJSONLikeValues() {
        let metadata = TraceMetadata(custom: [
            "s": "text", "i": 3, "d": 0.25, "b": false, "n": nil, "a": [1, "two"], "o": ["k": ["deep": true]],
        ])
        #expect(JSONValue.object(metadata.custom).jsonString
            == #"{"a":[1,"two"],"b":false,"d":0.25,"i":3,"n":null,"o":{"k":{"deep":true}},"s":"text"}"#)
    }
}
