/// Brings a setting into its sane range, with a warning that says what changed.
///
/// Public settings are plain stored properties, so a value can reach the SDK from `init`, from
/// a property set afterwards or from the environment. Each is checked where the SDK takes it
/// (``Sightline/init(_:)``, ``BatchSpanProcessor/init(exporter:resource:settings:attributeProcessors:diagnostics:)``,
/// the OTLP exporter), whichever path set it: a nonsensical value never hangs or stops the
/// program; it is replaced and reported through the warning handler.
struct SettingChecks {
    /// Longest delay or timeout the SDK accepts. Longer ones are no use to an exporter, and
    /// durations past what the clock can represent would stop the process when slept on.
    static let longestDuration: Duration = .seconds(3600)

    var warnings: [String] = []

    /// `value` when it is at least `minimum`; otherwise `replacement`, with a warning.
    mutating func atLeast(_ minimum: Int, _ value: Int, name: String, replacement: Int) -> Int {
        guard value < minimum else { return value }
        warnings.append("\(name) = \(value) must be at least \(minimum); using \(replacement)")
        return replacement
    }

    /// `value` when it is at most `maximum`; otherwise `maximum`, with a warning.
    mutating func atMost(_ maximum: Int, _ value: Int, name: String, because reason: String) -> Int {
        guard value > maximum else { return value }
        warnings.append("\(name) = \(value) is more than \(reason) (\(maximum)); using \(maximum)")
        return maximum
    }

    /// `value` when it is positive (or zero, with `allowingZero`) and at most
    /// ``longestDuration``: a negative or zero one is replaced by `replacement`, a longer one
    /// by ``longestDuration``, each with a warning.
    mutating func duration(_ value: Duration, name: String, replacement: Duration, allowingZero: Bool = false) -> Duration {
        if value < .zero || (value == .zero && !allowingZero) {
            warnings.append("\(name) = \(value) must be \(allowingZero ? "zero or more" : "more than zero"); using \(replacement)")
            return replacement
        }
        if value > Self.longestDuration {
            warnings.append("\(name) = \(value) is longer than the \(Self.longestDuration) the SDK allows; using \(Self.longestDuration)")
            return Self.longestDuration
        }
        return value
    }
}

extension BatchSpanProcessor.Settings {
    /// These settings in their sane ranges: a queue of at least one span, batches of one span
    /// up to the queue size, a schedule delay of zero up to an hour, an export timeout above
    /// zero up to an hour.
    func checked(_ checks: inout SettingChecks) -> Self {
        let defaults = Self()
        var result = self
        result.maxQueueSize = checks.atLeast(1, maxQueueSize, name: "batch.maxQueueSize", replacement: defaults.maxQueueSize)
        result.maxExportBatchSize = checks.atLeast(1, maxExportBatchSize, name: "batch.maxExportBatchSize",
                                                   replacement: min(defaults.maxExportBatchSize, result.maxQueueSize))
        result.maxExportBatchSize = checks.atMost(result.maxQueueSize, result.maxExportBatchSize,
                                                  name: "batch.maxExportBatchSize", because: "the queue size")
        result.scheduleDelay = checks.duration(scheduleDelay, name: "batch.scheduleDelay",
                                               replacement: defaults.scheduleDelay, allowingZero: true)
        result.exportTimeout = checks.duration(exportTimeout, name: "batch.exportTimeout", replacement: defaults.exportTimeout)
        return result
    }
}

extension SpanLimits {
    /// These limits with no negative count or length: a negative count limit is replaced by
    /// the default 128, a negative value-length limit by no limit.
    func checked(_ checks: inout SettingChecks) -> Self {
        let defaults = Self()
        var result = self
        result.attributeCountLimit = checks.atLeast(0, attributeCountLimit, name: "limits.attributeCountLimit",
                                                    replacement: defaults.attributeCountLimit)
        result.eventCountLimit = checks.atLeast(0, eventCountLimit, name: "limits.eventCountLimit",
                                                replacement: defaults.eventCountLimit)
        result.linkCountLimit = checks.atLeast(0, linkCountLimit, name: "limits.linkCountLimit",
                                               replacement: defaults.linkCountLimit)
        result.attributePerEventCountLimit = checks.atLeast(0, attributePerEventCountLimit,
                                                            name: "limits.attributePerEventCountLimit",
                                                            replacement: defaults.attributePerEventCountLimit)
        result.attributePerLinkCountLimit = checks.atLeast(0, attributePerLinkCountLimit,
                                                           name: "limits.attributePerLinkCountLimit",
                                                           replacement: defaults.attributePerLinkCountLimit)
        if let length = attributeValueLengthLimit, length < 0 {
            checks.warnings.append("limits.attributeValueLengthLimit = \(length) must be zero or more; using no limit")
            result.attributeValueLengthLimit = nil
        }
        return result
    }
}

extension OTLPSettings {
    /// These settings with a timeout above zero and at most an hour.
    func checked(_ checks: inout SettingChecks) -> Self {
        var result = self
        result.timeout = checks.duration(timeout, name: "OTLP timeout", replacement: Self().timeout)
        return result
    }

    /// Why ``timeout`` is not usable (not above zero, or longer than an hour); nil when it is.
    public var timeoutProblem: String? {
        var checks = SettingChecks()
        _ = checked(&checks)
        return checks.warnings.first
    }
}

extension Configuration {
    /// This configuration with every nonsensical value replaced (see ``SettingChecks``) and a
    /// warning for each: batch settings, span limits and the OTLP timeout.
    func checked() -> (configuration: Configuration, warnings: [String]) {
        var checks = SettingChecks()
        var result = self
        result.batch = batch.checked(&checks)
        result.limits = limits.checked(&checks)
        if case .otlp(let settings) = exporter {
            result.exporter = .otlp(settings.checked(&checks))
        }
        return (result, checks.warnings)
    }
}
