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
    ///
    /// - Parameter option: the option name used in the error message, e.g. `--rate-limit`.
    public init(parsing text: String, option: String = "--rate-limit") throws(EmulatorConfigurationError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0]), limit > 0 else {
            throw EmulatorConfigurationError(
                "\(option) must look like 300/60s (a positive count, '/', a period such as 60s, 1m or 500ms); got '\(text)'")
        }
        let period: Duration
        do {
            period = try EmulatorDuration.parse(String(parts[1]), option: option)
        } catch {
            throw EmulatorConfigurationError(
                "\(option) must look like 300/60s (a positive count, '/', a period such as 60s, 1m or 500ms); got '\(text)'")
        }
        self.init(limit: limit, period: period)
    }
}

/// Parses the emulator's duration and probability options.
public enum EmulatorDuration {
    /// Parses `500ms`, `90s`, `15m`, `24h`, `2d` or a bare number of seconds; must be positive.
    public static func parse(_ text: String, option: String) throws(EmulatorConfigurationError) -> Duration {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        var number = Substring(text)
        var scale = 1.0
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number), value.isFinite, value > 0 else {
            throw EmulatorConfigurationError(
                "\(option) must be a positive duration such as 500ms, 90s, 15m or 24h; got '\(text)'")
        }
        return .nanoseconds(Int64((value * scale * 1e9).rounded()))
    }

    /// Parses a probability in 0...1.
    public static func probability(_ text: String, option: String) throws(EmulatorConfigurationError) -> Double {
        guard let value = Double(text), value >= 0, value <= 1 else {
            throw EmulatorConfigurationError("\(option) must be a probability between 0 and 1; got '\(text)'")
        }
        return value
    }

    /// Parses a non-negative number of milliseconds.
    public static func milliseconds(_ text: String, option: String) throws(EmulatorConfigurationError) -> Duration {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw EmulatorConfigurationError("\(option) must be a non-negative number of milliseconds; got '\(text)'")
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
