/// Reads an HTTP `Retry-After` value (RFC 9110, section 10.2.3): a number of seconds, or an
/// HTTP date in any of the three forms a recipient must accept.
enum RetryAfter {
    /// How long the server asks the client to wait. `now` is the current wall-clock time in
    /// seconds since the Unix epoch, against which a date is measured; a date in the past asks
    /// for no wait. Nil when the value is neither form.
    static func delay(_ value: String, now: Double) -> Duration? {
        let text = value.trimmedWhitespace
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Digits only; absurd values are capped (a day) rather than overflowing.
            guard text.utf8.count <= 9, let seconds = Int(text) else { return .seconds(86_400) }
            return .seconds(min(seconds, 86_400))
        }
        guard let date = httpDate(text) else { return nil }
        return .seconds(max(0, date - now))
    }

    /// Seconds since the Unix epoch for an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), an
    /// RFC 850 date (`Sunday, 06-Nov-94 08:49:37 GMT`) or an asctime date (`Sun Nov  6 08:49:37 1994`).
    static func httpDate(_ text: String) -> Double? {
        // Split on the separators of all three forms; the weekday and the zone carry nothing.
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" || $0 == "\t" })
        var month: Int?
        var numbers: [Int] = []
        var time: (hour: Int, minute: Int, second: Int)?
        for token in tokens {
            if token.contains(":") {
                let parts = token.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 3, let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2]),
                      (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second) else { return nil }
                time = (hour, minute, second)
            } else if let number = Int(token) {
                numbers.append(number)
            } else if month == nil, let index = monthNames.firstIndex(of: token.prefix(3).lowercased()), token.count == 3 {
                month = index + 1
            }
        }
        // The day comes before the year in all three forms.
        guard let month, let time, numbers.count == 2 else { return nil }
        let day = numbers[0]
        var year = numbers[1]
        guard (1...31).contains(day), year >= 0 else { return nil }
        if year < 100 { year += year < 70 ? 2000 : 1900 }  // RFC 850's two-digit years
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Double(days * 86_400 + time.hour * 3600 + time.minute * 60 + time.second)
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmedWhitespace: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
