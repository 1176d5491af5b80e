import GRDB

/// The models each trace's spans name: the model asked for and, when reported apart, the one
/// that answered.
enum TraceModels {
    static func models(ofKeys keys: [Int64], in db: Database) throws -> [Int64: [String]] {
        var models: [Int64: Set<String>] = [:]
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            for row in try Row.fetchAll(db, sql: """
                SELECT trace_key, model, response_model FROM spans
                WHERE trace_key IN (\(databaseQuestionMarks(count: chunk.count)))
                  AND (model IS NOT NULL OR response_model IS NOT NULL)
                """, arguments: StatementArguments(chunk)) {
                for column in [1, 2] {
                    if let model = row[column] as String? { models[row[0], default: []].insert(model) }
                }
            }
        }
        return models.mapValues { $0.sorted() }
    }
}
