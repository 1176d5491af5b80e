extension ModelPrices {
    /// Largest prices file read: a price table is kilobytes.
    static let largestPricesFile = 4 << 20

    /// The shipped prices under those of the JSON file `SIGHTLINE_MODEL_PRICES` names (what
    /// `Configuration.fromEnvironment` reads, and the collector too), with a warning for each
    /// problem: a file that cannot be read or is not prices leaves the shipped table alone.
    /// - Parameter environment: the variables to read; nil reads the process environment.
    /// - Returns: the prices, and a warning for each problem found.
    public static func fromEnvironment(_ environment: [String: String]? = nil) -> (prices: ModelPrices, warnings: [String]) {
        var reader = EnvironmentReader(lookup: { name in
            if let environment { return environment[name] }
            return Platform.environmentValue(name)
        })
        let prices = reader.modelPrices()
        return (prices, reader.warnings)
    }

    /// Reads custom prices from JSON: an object keyed by model name whose values give US
    /// dollars per million tokens, `input` and `output` required, `cache_read` and
    /// `cache_write` optional:
    ///
    /// ```json
    /// {"house-model": {"input": 0.4, "output": 1.6},
    ///  "gpt-4o": {"input": 2.0, "output": 8.0, "cache_read": 1.0}}
    /// ```
    ///
    /// - Parameter bytes: the file's JSON text.
    /// - Returns: the prices, and a problem for each entry left out (a missing or negative price).
    /// - Throws: ``JSONParseError`` when the text is not JSON; ``ModelPricesFileError`` when it is
    ///   not an object.
    public static func custom(parsingJSON bytes: some Collection<UInt8>) throws -> (prices: [String: ModelPrice], problems: [String]) {
        guard case .object(let models) = try JSONValue(parsing: bytes) else {
            throw ModelPricesFileError(reason: "the prices must be a JSON object keyed by model name")
        }
        var prices: [String: ModelPrice] = [:]
        var problems: [String] = []
        for name in models.keys.sorted() {
            guard case .object(let fields) = models[name]!,
                  let input = fields["input"]?.doubleValue, let output = fields["output"]?.doubleValue,
                  input >= 0, output >= 0, input.isFinite, output.isFinite else {
                problems.append("'\(name)' needs non-negative numbers \"input\" and \"output\" (dollars per million tokens); left out")
                continue
            }
            let cacheRead = fields["cache_read"]?.doubleValue.flatMap { $0 >= 0 && $0.isFinite ? $0 : nil }
            let cacheWrite = fields["cache_write"]?.doubleValue.flatMap { $0 >= 0 && $0.isFinite ? $0 : nil }
            prices[name] = ModelPrice(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite)
        }
        return (prices, problems)
    }
}

/// A prices file that is JSON but not the shape ``ModelPrices/custom(parsingJSON:)`` reads.
public struct ModelPricesFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the file, naming the model or field.
    public var reason: String
    /// The reason.
    public var description: String { reason }
}
