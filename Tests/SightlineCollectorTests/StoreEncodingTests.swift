import Foundation
import GRDB
import Sightline
import SightlineTesting
import Testing
@testable import SightlineCollector

/// The binary form of the span columns, the rows earlier versions wrote as JSON text, and the
/// in-memory ranks that stand for ``MergeRank``'s text.
struct StoreEncodingTests {
    static let samples: [JSONValue] = [
        .null, true, false, 0, -1, .int(.max), .int(.min), 0.5, -1e300, 1.0, "", "plain", "quote \" back \\ nul \u{0} é 🙂",
        [], [1, "two", [3.5, nil]], [:], ["a": ["b": ["c": [true]]], "": "empty key", "n": 12],
    ]

    @Test func compactValuesReadBackExactly() {
        var buffer: [UInt8] = []
        for value in Self.samples {
            CompactValue.write(value, into: &buffer)
            #expect(CompactValue.value(Data(buffer)) == value)
        }
        CompactValue.write(.double(.nan), into: &buffer)
        #expect(CompactValue.value(Data(buffer)) == .null)  // as JSON text stores it
        // Truncated or trailing bytes are refused, never read past the end.
        CompactValue.write(["key": "value", "list": [1, 2, 3]], into: &buffer)
        for length in 0..<buffer.count { #expect(CompactValue.value(Data(buffer.prefix(length))) == nil) }
        #expect(CompactValue.value(Data(buffer + [0])) == nil)
    }

    @Test func spansWrittenAsJSONTextByEarlierVersionsStillRead() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest([makeSpan(trace: "t", span: "root", start: 1, end: 2)])
        try store.pool.write { db in
            try db.execute(sql: """
                UPDATE spans SET labels = ?, metadata = ?, attributes = ?, events = ?
                """, arguments: [#"["a","b"]"#, #"{"k":1.5}"#, #"{"http.status":503,"nested":{"a":[1,2]}}"#,
                                 #"[{"name":"exception","time":7,"attributes":{"exception.message":"boom"}}]"#])
        }
        let span = try #require(try store.trace(id: "t")?.spans.first?.span)
        #expect(span.labels == ["a", "b"])
        #expect(span.metadata == ["k": 1.5])
        #expect(span.attributes == ["http.status": 503, "nested": ["a": [1, 2]]])
        #expect(span.events == [CollectedEvent(name: "exception", time: Timestamp(nanosecondsSinceEpoch: 7),
                                               attributes: ["exception.message": "boom"])])
    }

    @Test func ranksOrderAsTheirStoredText() {
        var generator = SeededGenerator(seed: 4)
        let ids = ["", "a", "ab", "b", "0123456789abcdef", "é", "z\u{0}"]
        var ranks: [Rank] = [.lowest, .text(MergeRank.patch(sequence: 1)), .text(MergeRank.patch(sequence: 20))]
        for _ in 0..<40 {
            let time = [0, 1, UInt64.max, UInt64.random(in: 0...UInt64.max, using: &generator)][Int.random(in: 0..<4, using: &generator)]
            ranks.append(.span(isRoot: Bool.random(using: &generator), time: time,
                               spanId: ids[Int.random(in: 0..<ids.count, using: &generator)]))
        }
        for left in ranks {
            for right in ranks {
                let textAbove = left.text.utf8.lexicographicallyPrecedes(right.text.utf8) == false
                    && !left.text.utf8.elementsEqual(right.text.utf8)
                #expect(left.outranks(right) == textAbove)
                #expect((left == right) == left.text.utf8.elementsEqual(right.text.utf8))
                // The stored text is what the SQL upsert compares.
                if case .span(let isRoot, let time, let spanId) = left {
                    #expect(left.text == MergeRank.latestEnding(isRoot: isRoot, endTime: time, spanId: spanId))
                }
            }
        }
    }

    /// Text and BLOB parameters are bound from the statement's own buffers (`ParameterBytes`):
    /// values of every size, bound row after row in one batch, read back as sent.
    @Test func valuesOfEverySizeReadBackAfterOneBatch() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let sizes = [0, 1, 15, 16, 1_000, 16_383, 16_384, 16_385, 40_000, 200_000]
        let spans = sizes.enumerated().map { index, size in
            var span = makeSpan(trace: "t", span: "s\(index)", parent: index == 0 ? nil : "s0", start: UInt64(index),
                                end: 100, userId: "user-\(index)", input: String(repeating: "é", count: size / 2),
                                output: String(repeating: "x", count: size))
            span.attributes = ["blob": .string(String(repeating: "a", count: size)), "n": .int(Int64(size))]
            return span
        }
        try store.ingest(spans)
        let stored = try #require(try store.trace(id: "t")).spans.map(\.span)
        #expect(stored.sorted { $0.startTime < $1.startTime } == spans)
    }

    @Test func newDatabasesUseEightKilobytePages() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 8192)
        // SQLite's own checkpoint, the backstop behind the background one, still at 256 MiB of WAL.
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 32768)
    }
}
