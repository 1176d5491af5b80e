import SightlineCollector

/// `sightline users`: per user, how much they used and when they were last seen.
enum UserListView {
    static func render(_ users: [UserSummary]) -> String {
        guard !users.isEmpty else { return "(no users)" }
        var table = TextTable([
            .init("USER", maxWidth: 32), .init("TRACES", alignRight: true), .init("THREADS", alignRight: true),
            .init("TOKENS IN", alignRight: true), .init("TOKENS OUT", alignRight: true), .init("COST", alignRight: true),
            .init("ERRORS", alignRight: true), .init("LAST SEEN (UTC)"),
        ])
        for user in users {
            table.append([user.userId, "\(user.traceCount)", "\(user.threadCount)", "\(user.inputTokens)",
                          "\(user.outputTokens)", Text.cost(user.cost), "\(user.errorTraceCount)", Text.time(user.lastSeen)])
        }
        return table.render()
    }
}
