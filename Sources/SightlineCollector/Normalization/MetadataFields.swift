import Sightline

/// A metadata object split into the reserved identity fields and custom metadata.
///
/// LangWatch's REST `metadata`, the JSON `metadata` attribute (LangWatch and OpenInference) and
/// post-hoc patches all mix the two: `user_id`, `thread_id`, `customer_id` and `labels` (and
/// their camelCase and session/tags spellings) are the trace's identity, every other key is
/// custom metadata. A reserved key whose value has the wrong shape (a user id that is an object,
/// labels that are not strings) stays in ``custom`` instead of being lost.
struct MetadataFields: Sendable, Hashable {
    var userId: String?
    var threadId: String?
    var customerId: String?
    /// nil when the object had no labels key.
    var labels: [String]?
    var custom: [String: JSONValue]

    static let userKeys: Set<String> = ["user_id", "userId"]
    static let threadKeys: Set<String> = ["thread_id", "threadId", "session_id", "sessionId"]
    static let customerKeys: Set<String> = ["customer_id", "customerId"]
    static let labelKeys: Set<String> = ["labels", "tags"]

    init(splitting object: [String: JSONValue]) {
        custom = [:]
        var labelUnion: LabelUnion?
        // Sorted, so that when two spellings of one field are both present the choice is stable.
        for key in object.keys.sorted() {
            let value = object[key]!
            if Self.userKeys.contains(key), let text = Self.identifier(value) {
                userId = text
            } else if Self.threadKeys.contains(key), let text = Self.identifier(value) {
                threadId = text
            } else if Self.customerKeys.contains(key), let text = Self.identifier(value) {
                customerId = text
            } else if Self.labelKeys.contains(key), let list = Self.labelList(value) {
                labelUnion = labelUnion ?? LabelUnion()
                labelUnion!.add(contentsOf: list)
            } else {
                custom[key] = value
            }
        }
        labels = labelUnion?.labels
    }

    /// An id given as a string or an integer.
    static func identifier(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        default: return nil
        }
    }

    /// A list of strings, or one string as a one-label list.
    static func labelList(_ value: JSONValue) -> [String]? {
        switch value {
        case .string(let text): return [text]
        case .array(let elements):
            var labels = LabelUnion()
            for element in elements {
                guard case .string(let label) = element else { return nil }
                labels.add(label)
            }
            return labels.labels
        default: return nil
        }
    }
}
