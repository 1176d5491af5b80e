/// Replaces sensitive parts of a text before it leaves the process (see
/// ``Configuration/maskers``). Built-in maskers find e-mail addresses, payment card numbers and
/// API keys or bearer tokens; ``custom(_:_:)`` wraps a function of yours.
public struct Masker: Sendable {
    /// What it masks, for diagnostics and docs (`email`, `card`, `secret`, or yours).
    public let name: String
    private let mask: @Sendable (String) -> String?

    /// A masker of your own.
    ///
    /// ```swift
    /// let ssn = Masker.custom("ssn") { text in
    ///     text.contains("SSN") ? text.replacingOccurrences(of: "SSN", with: "[ssn]") : nil
    /// }
    /// ```
    /// - Parameters:
    ///   - name: what it masks, for diagnostics.
    ///   - mask: returns the text with what it found replaced, or nil when it found
    ///     nothing (so an unchanged value costs no copy).
    /// - Returns: the masker.
    public static func custom(_ name: String, _ mask: @escaping @Sendable (String) -> String?) -> Masker {
        Masker(name: name, mask: mask)
    }

    /// The masked text, or nil when nothing was found.
    /// - Parameter text: the text to look through.
    public func apply(_ text: String) -> String? {
        mask(text)
    }

    /// E-mail addresses (`ana@example.com`) become `[email]`.
    public static let emailAddresses = Masker(name: "email") { text in
        TextScanner.replacing(in: text, with: "[email]", TextScanner.emailAddress)
    }

    /// Card numbers (13 to 19 digits, spaces or dashes between them, that pass the Luhn check)
    /// become `[card]`. Other long numbers (order ids, timestamps) fail the check and stay.
    public static let cardNumbers = Masker(name: "card") { text in
        TextScanner.replacing(in: text, with: "[card]", TextScanner.cardNumber)
    }

    /// API keys and tokens become `[secret]`: the token after `Bearer `, and keys with a known
    /// prefix (`sk-…` as OpenAI and Anthropic issue them, `AKIA…` AWS access keys, `ghp_…`,
    /// `gho_…`, `github_pat_…`, `xoxb-…`/`xoxp-…` Slack tokens, `AIza…` Google API keys).
    public static let secrets = Masker(name: "secret") { text in
        TextScanner.replacing(in: text, with: "[secret]", TextScanner.secret)
    }

    /// The three built-in maskers.
    public static let all: [Masker] = [.emailAddresses, .cardNumbers, .secrets]
}
