import Sightline
import SightlineCollector
import Testing
@testable import sightline

@Suite("sightline traces: the table")
struct TraceListViewTests {
    private func summary(labels: [String]) -> TraceSummary {
        TraceSummary(traceId: "4bf92f3577b34da6a3ce929d0e0e4736", name: "chat", startTime: Timestamp(millisecondsSinceEpoch: 1_000),
                     endTime: Timestamp(millisecondsSinceEpoch: 1_200), spanCount: 3, errorCount: 0, userId: "user-1",
                     labels: labels)
    }

    @Test("labels that do not fit are counted, never dropped unseen")
    func labelsThatDoNotFitAreCounted() {
        let table = TraceListView.render([summary(labels: ["production", "billing", "reviewed"])])
        #expect(table.contains("production, billing +1"), "\(table)")
        let many = TraceListView.render([summary(labels: ["production", "billing", "reviewed", "escalated", "vip"])])
        #expect(many.contains("production, billing +3"), "\(many)")
    }

    @Test("labels that fit are all shown")
    func labelsThatFitAreShown() {
        let table = TraceListView.render([summary(labels: ["beta", "billing", "reviewed"])])
        #expect(table.contains("beta, billing, reviewed"), "\(table)")
    }

    @Test("a label longer than the column is clipped with the count kept")
    func longLabel() {
        #expect(Text.labels(["an-unusually-long-label-name", "x"], width: 12) == "an-unusu… +1")
        #expect(Text.labels(["an-unusually-long-label-name"], width: 12) == "an-unusuall…")
        #expect(Text.labels([], width: 12) == "")
    }
}
