/// Number formats for the report.
enum Formatting {
    /// 1234.5 → "1,235"; below 100 keeps one decimal, below 1 two.
    static func number(_ value: Double) -> String {
        if value < 1 {
            return String(Double((value * 100).rounded()) / 100)
        }
        if value < 100 {
            return String(Double((value * 10).rounded()) / 10)
        }
        var digits = String(Int(value.rounded()))
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(Substring(digits), at: 0)
        return groups.joined(separator: ",")
    }

    static func count(_ value: Int) -> String { value < 100 ? String(value) : number(Double(value)) }

    /// How many times larger `other` is than `value`: "12.3×".
    static func ratio(_ other: Double, over value: Double) -> String {
        guard value >= 0.05 else { return other >= 0.05 ? "none vs \(number(other))" : "—" }
        let ratio = other / value
        return (ratio >= 10 ? String(Int(ratio.rounded())) : String(Double((ratio * 10).rounded()) / 10)) + "×"
    }

    static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    /// "median (min–max)".
    static func spread(_ values: [Double]) -> String {
        let sorted = values.sorted()
        return "\(number(sorted[sorted.count / 2])) (\(number(sorted[0]))–\(number(sorted[sorted.count - 1])))"
    }
}
