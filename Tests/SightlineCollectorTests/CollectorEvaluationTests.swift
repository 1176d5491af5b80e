import Foundation
import GRDB
import Sightline
import SightlineOTLP
import Testing
@testable import SightlineCollector

/// Evaluations: recorded by the SDK on spans, pushed afterwards, stored per trace and found by
/// `eval` conditions.
@Suite(.timeLimit(.minutes(1)))
struct CollectorEvaluationTests {
    private func traceIds(_ collector: RunningCollector, _ query: String) async throws -> Set<String> {
        let reply = try await send(.GET, collector.baseURL + "/api/traces?" + query)
        try #require(reply.status == 200, "\(query): \(reply.text)")
        return Set(try reply.decoded([TraceSummary].self).map(\.traceId))
    }

    /// Records one trace whose spans carry the evaluations given, through the real exporter.
    private func record(_ sightline: Sightline, _ name: String,
                        _ evaluations: [(span: String, name: String, score: Double?, label: String?)]) -> TraceID {
        sightline.withTrace(name) { trace in
            for evaluation in evaluations {
                sightline.withSpan(evaluation.span, type: .evaluation) { span in
                    span.recordEvaluation(name: evaluation.name, score: evaluation.score, label: evaluation.label,
                                          explanation: "judged by \(evaluation.span)")
                }
            }
            return trace.id
        }
    }

    @Test func evaluationsRecordedByTheSDKFindExactlyTheirTraces() async throws {
        try await withCollector { collector in
            let sightline = sdk(sendingTo: collector, conventions: [.genAI])
            let low = record(sightline, "low", [("judge", "faithfulness", 0.3, "fail"), ("guard", "toxicity", nil, "pass")])
            // Two faithfulness evaluations: each one is matched on its own.
            let mixed = record(sightline, "mixed", [("judge", "faithfulness", 0.8, "pass"),
                                                          ("second-judge", "faithfulness", 0.45, nil)])
            let high = record(sightline, "high", [("judge", "faithfulness", 0.95, "pass"), ("guard", "toxicity", 0, "fail")])
            let none = record(sightline, "none", [])
            await sightline.flush()
            await sightline.shutdown()
            #expect(try collector.store.statistics().traceCount == 4)

            let expected: [(String, Set<TraceID>)] = [
                ("faithfulness%3C0.5", [low, mixed]),
                ("faithfulness%3C%3D0.45", [low, mixed]),
                ("faithfulness%3E0.9", [high]),
                ("faithfulness%3E%3D0.8", [mixed, high]),
                ("faithfulness=0.8", [mixed]),
                ("faithfulness!=0.8", [low, mixed, high]),
                ("faithfulness=fail", [low]),
                ("faithfulness!=fail", [mixed, high]),
                ("toxicity=pass", [low]),
                ("toxicity=fail", [high]),
                ("toxicity%3C1", [high]),
                ("relevance%3E0", []),
            ]
            for (condition, traces) in expected {
                #expect(try await traceIds(collector, "eval=" + condition) == Set(traces.map(\.hex)), "\(condition)")
            }
            // Conditions combine, with each other and with the other filters.
            #expect(try await traceIds(collector, "eval=faithfulness%3C0.5&eval=toxicity=pass") == [low.hex])
            #expect(try await traceIds(collector, "eval=faithfulness%3C0.5&eval=toxicity=fail").isEmpty)
            #expect(!(try await traceIds(collector, "")).isDisjoint(with: [none.hex]))

            let summary = try #require(try collector.store.trace(id: low.hex)?.summary)
            #expect(summary.evaluations.map(\.name) == ["faithfulness", "toxicity"])
            let faithfulness = summary.evaluations[0]
            #expect(faithfulness.score == 0.3 && faithfulness.label == "fail" && faithfulness.explanation == "judged by judge")
            #expect(faithfulness.spanId?.count == 16)
            #expect(summary.evaluations[1].score == nil && summary.evaluations[1].label == "pass")
        }
    }

    @Test func anEvaluationPushedBeforeOrAfterItsTraceIsFoundLikeARecordedOne() async throws {
        try await withCollector { collector in
            let client = try SightlineClient(backend: .local(baseURL: collector.baseURL))
            let traceId = TraceID.random()
            let held = try await client.pushEvaluation(traceId: traceId, name: "helpfulness", score: 0.2, label: "poor",
                                                       explanation: "reviewer: missed the question")
            #expect(held == .held(for: .seconds(3600)))
            #expect(try collector.store.statistics().pendingPatches == 1)
            #expect(try await traceIds(collector, "eval=helpfulness%3C0.5").isEmpty)

            // The trace arrives through the real exporter: the held evaluation lands on it.
            let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: collector.baseURL))
            let root = FinishedSpan(name: "answer", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                    startTime: .now())
            try await exporter.export(SpanBatch(resource: Resource(serviceName: "evaluated"), spans: [root]))
            await exporter.shutdown()
            #expect(try await traceIds(collector, "eval=helpfulness%3C0.5") == [traceId.hex])
            #expect(try await traceIds(collector, "eval=helpfulness=poor") == [traceId.hex])
            #expect(try collector.store.statistics().pendingPatches == 0)

            // Pushed after it arrived: applied at once, and each evaluation is matched on its own.
            #expect(try await client.pushEvaluation(traceId: traceId, name: "helpfulness", score: 0.9) == .applied)
            #expect(try await traceIds(collector, "eval=helpfulness%3E0.5") == [traceId.hex])
            #expect(try await traceIds(collector, "eval=helpfulness%3E0.95").isEmpty)
            let evaluations = try #require(try collector.store.trace(id: traceId.hex)?.summary.evaluations)
            #expect(evaluations.map(\.score) == [0.2, 0.9])
            #expect(evaluations.first?.explanation == "reviewer: missed the question")
            #expect(evaluations.allSatisfy { $0.spanId == nil })
            await client.shutdown()
        }
    }

    @Test func aPendingEvaluationIsStoredWhenItsTraceArrives() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let trace = "5bf92f3577b34da6a3ce929d0e0e4736"
        #expect(try store.addEvaluation(traceId: trace, name: "helpfulness", score: 0.2, label: "poor") == .pending)
        #expect(try store.mergeMetadata(traceId: trace, MetadataPatch(custom: ["reviewer": "ana"])) == .pending)
        let summary = try store.ingest([makeSpan(trace: trace, span: "b000000000000001", start: 1_000, end: 2_000)])
        #expect(summary.appliedPendingPatches == 2)
        let stored = try #require(try store.trace(id: trace)?.summary)
        #expect(stored.evaluations.map(\.name) == ["helpfulness"] && stored.evaluations.first?.spanId == nil)
        #expect(stored.metadata == ["reviewer": "ana"])
        let filter = { (text: String) in
            var filter = TraceFilter()
            filter.evaluations = [try EvaluationCondition(parsing: text)]
            return try store.traces(filter).map(\.traceId)
        }
        #expect(try filter("helpfulness=poor") == [trace])
        #expect(try filter("helpfulness<=0.2") == [trace])
        #expect(try store.statistics().pendingPatches == 0)
    }

    @Test func pushedEvaluationsShareThePendingLimitAndAreChecked() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let trace = "0af7651916cd43dd8448eb211c80319c"
        for index in 0..<CollectorLimits.pendingPatchesPerTrace {
            if index.isMultiple(of: 2) {
                try store.mergeMetadata(traceId: trace, MetadataPatch(custom: ["n": .int(index)]))
            } else {
                try store.addEvaluation(traceId: trace, name: "judge", score: Double(index))
            }
        }
        #expect(throws: TraceStoreError.tooManyPendingPatches(traceId: trace, limit: CollectorLimits.pendingPatchesPerTrace)) {
            try store.addEvaluation(traceId: trace, name: "judge", score: 1)
        }
        #expect(throws: TraceStoreError.invalidEvaluation("the score nan is not a finite number")) {
            try store.addEvaluation(traceId: "other", name: "judge", score: .nan)
        }
        #expect(throws: TraceStoreError.invalidEvaluation("the name is empty")) {
            try store.addEvaluation(traceId: "other", name: "")
        }
        #expect(throws: TraceStoreError.self) { try store.addEvaluation(traceId: "other", name: "a\u{0}b") }
        #expect(try store.statistics().pendingPatches == CollectorLimits.pendingPatchesPerTrace)
    }

    @Test func untrustedEventValuesAreLeftOutAndCountedNeverStoredAsScores() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        func event(_ attributes: [String: JSONValue], at time: UInt64) -> CollectedEvent {
            CollectedEvent(name: "gen_ai.evaluation.result", time: Timestamp(nanosecondsSinceEpoch: time), attributes: attributes)
        }
        var span = makeSpan(trace: trace, span: "c000000000000001", start: 1_000, end: 9_000)
        span.events = [
            event(["gen_ai.evaluation.name": "nan", "gen_ai.evaluation.score.value": .double(.nan)], at: 1_001),
            event(["gen_ai.evaluation.name": "inf", "gen_ai.evaluation.score.value": .double(.infinity)], at: 1_002),
            event(["gen_ai.evaluation.name": "text", "gen_ai.evaluation.score.value": "0.2",
                   "gen_ai.evaluation.score.label": .int(3)], at: 1_003),
            event(["gen_ai.evaluation.name": "whole", "gen_ai.evaluation.score.value": .int(4)], at: 1_004),
            event(["gen_ai.evaluation.score.value": 0.5], at: 1_005),
            event(["gen_ai.evaluation.name": .int(7)], at: 1_006),
            event(["gen_ai.evaluation.name": "a\u{0}b"], at: 1_007),
            CollectedEvent(name: "exception", time: Timestamp(nanosecondsSinceEpoch: 1_008)),
        ]
        let summary = try store.ingest([span])
        #expect(summary.storedEvaluations == 4)
        #expect(summary.droppedEvaluations == 3)
        #expect(summary.invalidEvaluationValues == 4)
        // A retried span brings nothing twice.
        let retry = try store.ingest([span])
        #expect(retry.duplicateSpans == 1 && retry.storedEvaluations == 0)

        let evaluations = try #require(try store.trace(id: trace)?.summary.evaluations)
        #expect(evaluations.map(\.name) == ["nan", "inf", "text", "whole"])
        #expect(evaluations.map(\.score) == [nil, nil, nil, 4])
        #expect(evaluations.allSatisfy { $0.label == nil })
        var filter = TraceFilter()
        filter.evaluations = [EvaluationCondition(name: "whole", .greaterOrEqual, .score(4))]
        #expect(try store.traces(filter).map(\.traceId) == [trace])
        filter.evaluations = [EvaluationCondition(name: "nan", .less, .score(.infinity))]
        #expect(try store.traces(filter).isEmpty)
    }

    @Test func theOrderSpansArriveInDoesNotChangeATracesEvaluations() throws {
        let trace = "6bf92f3577b34da6a3ce929d0e0e4736"
        func span(_ id: String, _ score: Double, at time: UInt64) -> CollectedSpan {
            var span = makeSpan(trace: trace, span: id, start: time, end: time + 10)
            span.events = [CollectedEvent(name: "gen_ai.evaluation.result", time: Timestamp(nanosecondsSinceEpoch: time + 5),
                                          attributes: ["gen_ai.evaluation.name": "faithfulness",
                                                       "gen_ai.evaluation.score.value": .double(score)])]
            return span
        }
        let spans = [span("d000000000000001", 0.1, at: 100), span("d000000000000002", 0.9, at: 200),
                     span("d000000000000003", 0.5, at: 100)]
        var seen: Set<[TraceEvaluation]> = []
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2]] {
            let database = try TemporaryDatabase()
            let store = try database.store()
            for index in order { try store.ingest([spans[index]]) }
            seen.insert(try #require(try store.trace(id: trace)?.summary.evaluations))
        }
        #expect(seen.count == 1)
        #expect(seen.first?.compactMap(\.score) == [0.1, 0.5, 0.9])
    }

    @Test func aRareConditionDrivesThroughItsIndexAndAnsweredLikeOneCheckedTraceByTrace() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        var spans: [CollectedSpan] = []
        for index in 0..<30 {
            var span = makeSpan(trace: String(format: "%032x", index + 1), span: "f000000000000001",
                                start: UInt64(1_000 + index * 10), end: UInt64(1_005 + index * 10),
                                userId: index.isMultiple(of: 2) ? "ana" : "bo")
            span.events = [CollectedEvent(name: "gen_ai.evaluation.result", time: span.endTime,
                                          attributes: ["gen_ai.evaluation.name": "faithfulness",
                                                       "gen_ai.evaluation.score.value": .double(Double(index) / 30),
                                                       "gen_ai.evaluation.score.label": index < 6 ? "fail" : "pass"])]
            spans.append(span)
        }
        try store.ingest(spans)
        func ids(_ indexes: [Int]) -> [String] { indexes.map { String(format: "%032x", $0 + 1) } }
        func traces(_ text: String, user: String? = nil, limit: Int = 50) throws -> [String] {
            var filter = TraceFilter(userId: user, limit: limit)
            filter.evaluations = [try EvaluationCondition(parsing: text)]
            return try store.traces(filter).map(\.traceId)
        }
        // Alone, the condition finds its traces through the evaluation index; with a user, the
        // user index drives and the condition is checked trace by trace. Newest first either way.
        #expect(try traces("faithfulness<0.2") == ids([5, 4, 3, 2, 1, 0]))
        #expect(try traces("faithfulness=fail") == ids([5, 4, 3, 2, 1, 0]))
        #expect(try traces("faithfulness<0.2", limit: 2) == ids([5, 4]))
        #expect(try traces("faithfulness<0.2", user: "ana") == ids([4, 2, 0]))
        #expect(try traces("faithfulness=fail", user: "bo") == ids([5, 3, 1]))
        #expect(try traces("faithfulness>=0.9", user: "bo") == ids([29, 27]))

        // The plans: a rare condition reads its index; a checked one, each trace's own evaluations.
        let score = try EvaluationCondition(parsing: "faithfulness<0.2")
        let label = try EvaluationCondition(parsing: "faithfulness=fail")
        let plans: [((condition: String, arguments: [DatabaseValue]), String, String)] = [
            (score.predicate(), "SELECT e.trace_key FROM trace_evaluations e WHERE ", "trace_evaluations_by_score"),
            (label.predicate(), "SELECT e.trace_key FROM trace_evaluations e WHERE ", "trace_evaluations_by_label"),
            (score.sql(), "SELECT t.id FROM traces t WHERE t.user_id = 'ana' AND ", "trace_evaluations_by_trace"),
            (label.sql(), "SELECT t.id FROM traces t WHERE t.user_id = 'ana' AND ", "trace_evaluations_by_trace"),
        ]
        for (condition, query, index) in plans {
            let plan = try store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query + condition.condition,
                                 arguments: StatementArguments(condition.arguments)).map { $0["detail"] as String }
                    .joined(separator: "; ")
            }
            #expect(plan.contains("USING INDEX \(index)") || plan.contains("USING COVERING INDEX \(index)"), "\(query): \(plan)")
        }
    }

    @Test func theAPIAnswersABadConditionAndTooManyWith400() async throws {
        try await withCollectorRoutes { collector in
            for (query, message) in [
                ("eval=faithfulness%3Chigh", #"invalid evaluation condition "faithfulness<high": < needs a score, not "high""#),
                ("eval=%3C0.5", #"invalid evaluation condition "<0.5": the name is empty"#),
                ("eval=faithfulness", #"invalid evaluation condition "faithfulness": expected name=label"#),
                ("eval=faithfulness%3E", #"invalid evaluation condition "faithfulness>": the value is empty"#),
            ] {
                let reply = try await collector.send(.GET, "/api/traces?" + query)
                #expect(reply.status == 400, "\(query)")
                #expect(reply.message?.hasPrefix(message) == true, "\(query): \(reply.text)")
            }
            let limit = TraceFilter.maximumMetadataConditions
            let atLimit = (0..<(limit - 5)).map { "meta=k\($0)%3D1" } + (0..<5).map { "eval=e\($0)%3C1" }
            #expect(try await collector.send(.GET, "/api/traces?" + atLimit.joined(separator: "&")).status == 200)
            let over = try await collector.send(.GET, "/api/traces?" + (atLimit + ["eval=x%3C1"]).joined(separator: "&"))
            #expect(over.status == 400)
            #expect(over.message?.contains("\(limit + 1) metadata and evaluation conditions given") == true, "\(over.text)")
        }
    }

    @Test(arguments: [
        (#"{"score": 0.5}"#, "'name' must be a non-empty string"),
        (#"{"name": "", "score": 0.5}"#, "'name' must be a non-empty string"),
        (#"{"name": "judge", "score": "0.5"}"#, #"'score' must be a finite number, not "0.5""#),
        (#"{"name": "judge", "label": 1}"#, "'label' must be a string, not 1"),
        (#"{"name": "judge", "scroe": 1}"#, "unknown key 'scroe'"),
        (#"{"name": "judge", "score": 1e999}"#, "number 1e999 is out of range"),
    ])
    func malformedEvaluationPushesAreA400(body: String, message: String) async throws {
        try await withCollectorRoutes { collector in
            let reply = try await collector.send(.POST, "/api/traces/\(TraceID.random().hex)/evaluations",
                                       headers: [jsonContent], body: json(body))
            #expect(reply.status == 400, "\(reply.text)")
            #expect(reply.message?.contains(message) == true, "\(reply.text)")
            #expect(try collector.store.statistics().pendingPatches == 0)
        }
    }

    @Test func langWatchAndLaminarSayTheyTakeNoPushedEvaluation() async throws {
        for backend: SightlineClient.Backend in [.langWatch(apiKey: "k", endpoint: "http://127.0.0.1:9"),
                                                 .laminar(apiKey: "k", baseURL: "http://127.0.0.1:9")] {
            let client = try SightlineClient(backend: backend)
            await #expect {
                try await client.pushEvaluation(traceId: .random(), name: "faithfulness", score: 0.4)
            } throws: { error in
                guard case .unsupported(let reason) = error as? SightlineClientError else { return false }
                return reason.contains("Span.recordEvaluation")
            }
            await client.shutdown()
        }
        let local = try SightlineClient(backend: .local(port: 9))
        await #expect(throws: SightlineClientError.invalidEvaluation("the score inf is not a finite number")) {
            try await local.pushEvaluation(traceId: .random(), name: "faithfulness", score: .infinity)
        }
        await local.shutdown()
    }

    @Test func aVersion4DatabaseIsUpgradedAndTakesEvaluations() throws {
        let database = try TemporaryDatabase()
        do {
            let pool = try DatabasePool(path: database.path)
            try StoreSchema.migrator.migrate(pool, upTo: "v4")
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO traces (id, trace_id, name, name_rank, start_time, end_time, span_count, error_count)
                    VALUES (1, 'old', 'turn', 'a1', 1000, 2000, 1, 0);
                    INSERT INTO pending_patches (trace_id, patch, replaces_labels, received_at, expires_at)
                    VALUES ('late', '{"reviewer":"ana"}', 0, 0, 9223372036854775807);
                    """)
            }
        }
        let store = try database.store()
        #expect(try store.addEvaluation(traceId: "old", name: "faithfulness", score: 0.2) == .applied)
        // The patch a v4 store kept still applies; an evaluation pushed since waits beside it.
        #expect(try store.addEvaluation(traceId: "late", name: "faithfulness", label: "fail") == .pending)
        var span = makeSpan(trace: "late", span: "e000000000000001", start: 3_000, end: 4_000)
        span.events = [CollectedEvent(name: "gen_ai.evaluation.result", time: Timestamp(nanosecondsSinceEpoch: 3_500),
                                      attributes: ["gen_ai.evaluation.name": "faithfulness",
                                                   "gen_ai.evaluation.score.value": 0.9])]
        #expect(try store.ingest([span]).appliedPendingPatches == 2)
        #expect(try store.trace(id: "late")?.summary.metadata == ["reviewer": "ana"])

        var filter = TraceFilter()
        filter.evaluations = [try EvaluationCondition(parsing: "faithfulness<0.5")]
        #expect(try store.traces(filter).map(\.traceId) == ["old"])
        filter.evaluations = [try EvaluationCondition(parsing: "faithfulness=fail")]
        #expect(try store.traces(filter).map(\.traceId) == ["late"])
        filter.evaluations = [try EvaluationCondition(parsing: "faithfulness>0.5")]
        #expect(try store.traces(filter).map(\.traceId) == ["late"])
        #expect(try store.pool.read { db in try db.tableExists("trace_evaluations") })
    }
}
