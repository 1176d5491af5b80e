/// The prices the SDK and the collector compute costs with: the table shipped in the package
/// (``ModelPriceTable``), under prices of your own, which win.
///
/// A model name matches whatever form a provider reports it in: in any case, with a provider
/// prefix (`openai/gpt-4o`, `models/gemini-2.5-pro`), with a date (`gpt-4o-2024-08-06`,
/// `claude-sonnet-4-5-20250929`, `claude-3-5-haiku@20241022`), `-latest`, a pre-release tail
/// (`gemini-2.5-flash-preview-05-20`) or a revision (`gemini-2.0-flash-001`). Any other name is
/// unknown, and so is its cost: unknown, never 0.
public struct ModelPrices: Sendable {
    private var custom: [String: ModelPrice]
    private let includesTable: Bool

    /// The shipped table and, over it, `custom` (keyed by model name, matched the same way).
    /// - Parameters:
    ///   - custom: prices of your own, by model name.
    ///   - includingTable: false leaves the shipped table out.
    public init(custom: [String: ModelPrice] = [:], includingTable: Bool = true) {
        self.custom = Dictionary(custom.map { (Self.normalized($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
        self.includesTable = includingTable
    }

    /// The shipped table alone.
    public static var builtIn: ModelPrices { ModelPrices() }

    /// Sets the price of `model`, over the table's.
    ///
    /// ```swift
    /// configuration.modelPrices.set(ModelPrice(input: 0.40, output: 1.60), for: "house-model")
    /// ```
    /// - Parameters:
    ///   - price: the price.
    ///   - model: the model's name.
    public mutating func set(_ price: ModelPrice, for model: String) {
        custom[Self.normalized(model)] = price
    }

    /// The price of `model`: a custom price first, then the table's; nil when neither knows it.
    /// - Parameter model: the model's name, in any form a provider reports it.
    public func price(for model: String) -> ModelPrice? {
        let name = Self.normalized(model)
        if let price = Self.lookUp(name, in: custom) { return price }
        return includesTable ? Self.lookUp(name, in: ModelPriceTable.prices) : nil
    }

    /// The cost of `usage` for `model`; nil when the model is unknown or nothing was counted.
    /// - Parameters:
    ///   - usage: the tokens a call used.
    ///   - model: the model's name.
    public func cost(of usage: TokenUsage, model: String) -> Double? {
        price(for: model)?.cost(of: usage)
    }

    /// An exact match, else the name without a pre-release tail (`-preview…`, `-exp…`) or a
    /// three-digit revision (`-001`). Never a shorter family name: `gpt-5.4-pro` must not be
    /// priced as `gpt-5.4`, so an unmatched name stays unknown.
    private static func lookUp(_ name: String, in prices: [String: ModelPrice]) -> ModelPrice? {
        if let exact = prices[name] { return exact }
        for marker in ["-preview", "-exp"] {
            if let range = name.firstRange(of: marker), let price = prices[String(name[..<range.lowerBound])] { return price }
        }
        if let dash = name.lastIndex(of: "-"), name[name.index(after: dash)...].count == 3,
           name[name.index(after: dash)...].allSatisfy(\.isNumber) {
            return prices[String(name[..<dash])]
        }
        return nil
    }

    /// Lowercased, without a provider prefix, a date suffix or `-latest`.
    static func normalized(_ model: String) -> String {
        var name = Substring(model.lowercased())
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        for suffix in ["-latest"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        name = withoutDate(name)
        return String(name)
    }

    /// `name` without a trailing `-YYYYMMDD` or `-YYYY-MM-DD`.
    private static func withoutDate(_ name: Substring) -> Substring {
        let bytes = Array(name.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.lowerBound >= 0 && range.allSatisfy { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }
        }
        let n = bytes.count
        if n > 9, bytes[n - 9] == UInt8(ascii: "-"), digits((n - 8)..<n), bytes[n - 8] == UInt8(ascii: "2") {
            return name.dropLast(9)
        }
        if n > 11, bytes[n - 11] == UInt8(ascii: "-"), digits((n - 10)..<(n - 6)), bytes[n - 6] == UInt8(ascii: "-"),
           digits((n - 5)..<(n - 3)), bytes[n - 3] == UInt8(ascii: "-"), digits((n - 2)..<n) {
            return name.dropLast(11)
        }
        return name
    }
}
