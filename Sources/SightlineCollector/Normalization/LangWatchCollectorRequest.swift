import Sightline

/// Reads the body of LangWatch's REST collector endpoint (`POST /api/collector`).
///
/// ```json
/// {"trace_id": "trace-123",
///  "spans": [{"type": "llm", "span_id": "span-456", "parent_id": null, "name": "chat-completion",
///             "model": "gpt-4", "input": {"type": "text", "value": "Hello"},
///             "output": {"type": "text", "value": "Hi there!"}, "params": {"temperature": 0.2},
///             "metrics": {"prompt_tokens": 5, "completion_tokens": 3, "cost": 0.0001},
///             "timestamps": {"started_at": 1699900000000, "first_token_at": 1699900000500,
///                            "finished_at": 1699900001000},
///             "error": null}],
///  "metadata": {"user_id": "user-123", "thread_id": "conversation-456", "customer_id": "customer-789",
///               "labels": ["production", "premium"], "any_custom_field": "any value"}}
/// ```
///
/// Ids are kept as the sender wrote them (`trace-123`); a 32-hex-digit or UUID trace id is
/// stored in its canonical hex form (see ``TraceIdentifier``). Times are epoch milliseconds.
/// The request's `metadata` is trace-level: each span carries it. Span fields this reader has
/// no neutral field for (`params`, `contexts`, …) are kept in ``CollectedSpan/attributes``.
public enum LangWatchCollectorRequest {
    /// The spans of one request body.
    /// - Parameters:
    ///   - body: the request body, LangWatch's REST trace as JSON.
    ///   - memoryLimit: the most memory the parsed body may take (see
    ///     `JSONValue.init(parsing:maximumDepth:memoryLimit:)`); 256 MiB by default.
    /// - Returns: the request's spans, each carrying the request's trace-level metadata.
    /// - Throws: ``LangWatchRequestError`` naming the first field that is missing or malformed.
    public static func spans(fromJSON body: some Collection<UInt8>,
                             memoryLimit: Int = 256 << 20) throws(LangWatchRequestError) -> [CollectedSpan] {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: body, memoryLimit: memoryLimit)
        } catch {
            throw LangWatchRequestError("the body is not JSON: \(error)")
        }
        guard case .object(let request) = document else {
            throw LangWatchRequestError("the body must be a JSON object")
        }
        let traceId = TraceIdentifier.canonical(try requiredString("trace_id", in: request, path: "trace_id"))
        guard case .array(let elements)? = request["spans"] else {
            throw LangWatchRequestError(request["spans"] == nil ? "spans is missing" : "spans must be an array")
        }
        guard !elements.isEmpty else { throw LangWatchRequestError("spans is empty: there is nothing to store") }
        let metadata = try traceMetadata(request["metadata"])

        var spans: [CollectedSpan] = []
        spans.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            spans.append(try span(element, path: "spans[\(index)]", traceId: traceId, metadata: metadata))
        }
        return spans
    }

    /// Span keys that map to neutral fields; any other key (`params`, `contexts`, and `error`
    /// with its stack trace) is kept as an attribute.
    private static let mappedSpanKeys: Set<String> = [
        "span_id", "parent_id", "trace_id", "type", "name", "model", "vendor", "input", "output", "metrics",
        "timestamps",
    ]

    private static func span(_ element: JSONValue, path: String, traceId: String,
                             metadata: MetadataFields) throws(LangWatchRequestError) -> CollectedSpan {
        guard case .object(let object) = element else { throw LangWatchRequestError("\(path) must be an object") }
        if let ownTraceId = try optionalString("trace_id", in: object, path: path),
           TraceIdentifier.canonical(ownTraceId) != traceId {
            throw LangWatchRequestError("\(path).trace_id \"\(ownTraceId)\" differs from the request's trace_id")
        }
        let typeName = try optionalString("type", in: object, path: path) ?? "span"
        let model = try optionalString("model", in: object, path: path)
        let timestamps = try Timestamps(object["timestamps"], path: path + ".timestamps")
        let metrics = try Metrics(object["metrics"], path: path + ".metrics")
        let error = try ErrorField(object["error"], path: path + ".error")

        return CollectedSpan(
            traceId: traceId,
            spanId: try requiredString("span_id", in: object, path: path + ".span_id"),
            parentSpanId: try optionalString("parent_id", in: object, path: path),
            name: try optionalString("name", in: object, path: path) ?? model ?? typeName,
            type: SpanTypeReading.fromLangWatch(typeName)?.type ?? .span,
            startTime: timestamps.started,
            endTime: timestamps.finished,
            firstTokenTime: timestamps.firstToken,
            isError: error.isError,
            statusMessage: error.message,
            input: try typedValue(object["input"], path: path + ".input"),
            output: try typedValue(object["output"], path: path + ".output"),
            model: model,
            provider: try optionalString("vendor", in: object, path: path),
            inputTokens: metrics.promptTokens,
            outputTokens: metrics.completionTokens,
            cost: metrics.cost,
            userId: metadata.userId,
            threadId: metadata.threadId,
            customerId: metadata.customerId,
            labels: metadata.labels ?? [],
            metadata: metadata.custom,
            attributes: object.filter { !mappedSpanKeys.contains($0.key) && $0.value != .null })
    }

    /// The request's `metadata`, with reserved fields checked: ids are strings, labels a string list.
    private static func traceMetadata(_ value: JSONValue?) throws(LangWatchRequestError) -> MetadataFields {
        switch value {
        case nil, .null?: return MetadataFields(splitting: [:])
        case .object(let object)?:
            for (key, value) in object where value != .null {
                let isIdentifier = MetadataFields.userKeys.contains(key) || MetadataFields.threadKeys.contains(key)
                    || MetadataFields.customerKeys.contains(key)
                if isIdentifier, MetadataFields.identifier(value) == nil {
                    throw LangWatchRequestError("metadata.\(key) must be a string")
                }
                if MetadataFields.labelKeys.contains(key), MetadataFields.labelList(value) == nil {
                    throw LangWatchRequestError("metadata.\(key) must be an array of strings")
                }
            }
            return MetadataFields(splitting: object.filter { $0.value != .null })
        default: throw LangWatchRequestError("metadata must be an object")
        }
    }

    /// `{"type": …, "value": …}`: a text value as its text, any other value as JSON text.
    private static func typedValue(_ value: JSONValue?, path: String) throws(LangWatchRequestError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .object(let object)?:
            guard object["value"] != nil else { throw LangWatchRequestError("\(path).value is missing") }
            return ContentReading.fromTypedValue(.object(object))
        default: throw LangWatchRequestError("\(path) must be an object {\"type\", \"value\"}")
        }
    }

    private static func requiredString(_ key: String, in object: [String: JSONValue],
                                       path: String) throws(LangWatchRequestError) -> String {
        switch object[key] {
        case .string(let text)? where !text.isEmpty: return text
        case nil, .null?: throw LangWatchRequestError("\(path) is missing")
        default: throw LangWatchRequestError("\(path) must be a non-empty string")
        }
    }

    private static func optionalString(_ key: String, in object: [String: JSONValue],
                                       path: String) throws(LangWatchRequestError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        default: throw LangWatchRequestError("\(path).\(key) must be a string")
        }
    }

    /// `timestamps`: `started_at` and `finished_at` are required, `first_token_at` optional.
    private struct Timestamps {
        let started: Timestamp
        let finished: Timestamp
        let firstToken: Timestamp?

        init(_ value: JSONValue?, path: String) throws(LangWatchRequestError) {
            guard case .object(let object)? = value else {
                throw LangWatchRequestError(value == nil ? "\(path) is missing" : "\(path) must be an object")
            }
            started = try Self.milliseconds(object[LangWatchKeys.Timestamps.startedAt], path: path + "." + LangWatchKeys.Timestamps.startedAt)
            finished = try Self.milliseconds(object[LangWatchKeys.Timestamps.finishedAt], path: path + "." + LangWatchKeys.Timestamps.finishedAt)
            if let firstToken = object[LangWatchKeys.Timestamps.firstTokenAt], firstToken != .null {
                self.firstToken = try Self.milliseconds(firstToken, path: path + "." + LangWatchKeys.Timestamps.firstTokenAt)
            } else {
                self.firstToken = nil
            }
        }

        /// Milliseconds since the epoch; what UInt64 nanoseconds can hold (until the year 2554).
        private static func milliseconds(_ value: JSONValue?, path: String) throws(LangWatchRequestError) -> Timestamp {
            guard let value, value != .null else { throw LangWatchRequestError("\(path) is missing") }
            guard let milliseconds = value.doubleValue, milliseconds >= 0, milliseconds < 18_000_000_000_000 else {
                throw LangWatchRequestError("\(path) must be epoch milliseconds (a non-negative number)")
            }
            // Whole milliseconds and the fraction apart: nanoseconds since the epoch need more
            // precision than a double has.
            let whole = milliseconds.rounded(.down)
            let fraction = UInt64(((milliseconds - whole) * 1_000_000).rounded())
            return Timestamp(nanosecondsSinceEpoch: UInt64(whole) * 1_000_000 + fraction)
        }
    }

    /// `metrics`: token counts and cost, each optional.
    private struct Metrics {
        var promptTokens: Int?
        var completionTokens: Int?
        var cost: Double?

        init(_ value: JSONValue?, path: String) throws(LangWatchRequestError) {
            switch value {
            case nil, .null?: return
            case .object(let object)?:
                promptTokens = try Self.count(object[LangWatchKeys.Metrics.promptTokens], path: path + "." + LangWatchKeys.Metrics.promptTokens)
                completionTokens = try Self.count(object[LangWatchKeys.Metrics.completionTokens],
                                                path: path + "." + LangWatchKeys.Metrics.completionTokens)
                if let cost = object[LangWatchKeys.Metrics.cost], cost != .null {
                    guard let number = cost.doubleValue, number.isFinite else {
                        throw LangWatchRequestError("\(path).cost must be a number")
                    }
                    self.cost = number
                }
            default: throw LangWatchRequestError("\(path) must be an object")
            }
        }

        private static func count(_ value: JSONValue?, path: String) throws(LangWatchRequestError) -> Int? {
            guard let value, value != .null else { return nil }
            guard let number = value.doubleValue, number >= 0, number.rounded() == number,
                  let count = Int(exactly: number) else {
                throw LangWatchRequestError("\(path) must be a non-negative whole number")
            }
            return count
        }
    }

    /// `error`: `{"has_error": true, "message": …, "stacktrace": […]}`; absent or null means success.
    private struct ErrorField {
        var isError = false
        var message: String?

        init(_ value: JSONValue?, path: String) throws(LangWatchRequestError) {
            switch value {
            case nil, .null?: return
            case .object(let object)?:
                isError = object["has_error"] != .bool(false)
                message = object["message"].flatMap(ContentReading.text(of:))
            case .string(let text)?:
                isError = true
                message = text
            default: throw LangWatchRequestError("\(path) must be an object with a message")
            }
        }
    }
}
