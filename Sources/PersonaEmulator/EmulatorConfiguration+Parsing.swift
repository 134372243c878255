import PersonaWire

/// A command-line value the emulator cannot use, with a message naming the option and the rule.
public struct EmulatorConfigurationError: Error, CustomStringConvertible, Equatable {
    /// What is wrong and what is expected.
    public let message: String

    init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension RateLimitRule {
    /// Parses `N/PERIOD`, e.g. `300/60s`, `5/1s`, `150/1m`, `1000/500ms` (a bare period is seconds).
    /// The period must lie in ``EmulatorDuration/shortest``...``EmulatorDuration/longest``.
    ///
    /// - Parameter option: the option name used in the error message, e.g. `--rate-limit`.
    public init(parsing text: String, option: String = "--rate-limit") throws(EmulatorConfigurationError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0]), limit > 0,
              let seconds = EmulatorDuration.seconds(in: parts[1]), seconds > 0 else {
            throw EmulatorConfigurationError(
                "\(option) must look like 300/60s (a positive count, '/', a period such as 60s, 1m or 500ms); got '\(text)'")
        }
        guard let period = EmulatorDuration.duration(seconds: seconds) else {
            throw EmulatorConfigurationError(
                "\(option) needs a period between \(EmulatorDuration.rangeText); got '\(text)'")
        }
        self.init(limit: limit, period: period)
    }
}

/// Parses the emulator's duration and probability options.
public enum EmulatorDuration {
    /// The shortest duration accepted (a shorter one would round to nothing).
    public static let shortest: Duration = .milliseconds(1)
    /// The longest duration accepted, 10 years (3650 days); far below what overflows the
    /// conversion to 64-bit nanoseconds.
    public static let longest: Duration = .seconds(3650 * 86400)

    /// Parses `500ms`, `90s`, `15m`, `24h`, `2d` or a bare number of seconds, between
    /// ``shortest`` and ``longest``.
    public static func parse(_ text: String, option: String) throws(EmulatorConfigurationError) -> Duration {
        guard let seconds = seconds(in: Substring(text)), seconds > 0 else {
            throw EmulatorConfigurationError(
                "\(option) must be a positive duration such as 500ms, 90s, 15m or 24h; got '\(text)'")
        }
        guard let duration = duration(seconds: seconds) else {
            throw EmulatorConfigurationError("\(option) must be a duration between \(rangeText); got '\(text)'")
        }
        return duration
    }

    /// `1ms and 3650d (10 years)`, for messages.
    static let rangeText = "1ms and 3650d (10 years)"

    /// The number of seconds `text` spells (`500ms`, `90s`, `15m`, `24h`, `2d`, bare seconds), or
    /// nil when it is not a finite non-negative number with one of those units.
    static func seconds(in text: Substring) -> Double? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        var number = text
        var scale = 1.0
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let seconds = value * scale
        return seconds.isFinite ? seconds : nil
    }

    /// `seconds` as a `Duration` when it lies in ``shortest``...``longest``, else nil (checked
    /// before converting, so no value can overflow the conversion).
    static func duration(seconds: Double) -> Duration? {
        let nanoseconds = (seconds * 1e9).rounded()
        // `shortest` and `longest` in nanoseconds.
        guard nanoseconds >= 1e6, nanoseconds <= 3650 * 86400 * 1e9 else { return nil }
        return .nanoseconds(Int64(nanoseconds))
    }

    /// Parses a probability in 0...1.
    public static func probability(_ text: String, option: String) throws(EmulatorConfigurationError) -> Double {
        guard let value = Double(text), value >= 0, value <= 1 else {
            throw EmulatorConfigurationError("\(option) must be a probability between 0 and 1; got '\(text)'")
        }
        return value
    }

    /// Parses a non-negative number of milliseconds, at most ``longest``.
    public static func milliseconds(_ text: String, option: String) throws(EmulatorConfigurationError) -> Duration {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw EmulatorConfigurationError("\(option) must be a non-negative number of milliseconds; got '\(text)'")
        }
        guard value / 1000 <= longest.seconds else {
            throw EmulatorConfigurationError(
                "\(option) must be at most \(Int(longest.seconds * 1000)) milliseconds (10 years); got '\(text)'")
        }
        return .nanoseconds(Int64((value * 1e6).rounded()))
    }

    /// Parses a `Key-Inflection` value.
    public static func keyInflection(_ text: String, option: String) throws(EmulatorConfigurationError) -> KeyInflection {
        guard let value = KeyInflection(rawValue: text.lowercased()) else {
            throw EmulatorConfigurationError("\(option) must be camel, kebab or snake; got '\(text)'")
        }
        return value
    }

    /// Splits a comma-separated list, trimming spaces and dropping empty items.
    public static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
