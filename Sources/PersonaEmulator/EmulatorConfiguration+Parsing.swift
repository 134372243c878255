import CommandLineValues
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
        do {
            // Benchmarks lift the limit out of the way with counts far above the importer's.
            let rate = try OptionParsing.rate(text, option: option, longest: EmulatorDuration.longest.seconds, largestCount: Int(Int32.max))
            self.init(limit: rate.limit, period: .nanoseconds(Int64((rate.period * 1e9).rounded())))
        } catch {
            throw EmulatorConfigurationError(error.message)
        }
    }
}

/// Parses the emulator's duration and probability options.
public enum EmulatorDuration {
    /// The shortest duration accepted (a shorter one would round to nothing).
    public static let shortest: Duration = .milliseconds(1)
    /// The longest duration accepted, 10 years (3650 days); far below what overflows the
    /// conversion to 64-bit nanoseconds.
    public static let longest: Duration = .seconds(3650 * 86400)

    /// Parses `500ms`, `90s`, `15m`, `24h`, `2d`, `5h30m` or a bare number of seconds, between
    /// ``shortest`` and ``longest`` (the syntax of every duration option, importer's and
    /// emulator's alike).
    public static func parse(_ text: String, option: String) throws(EmulatorConfigurationError) -> Duration {
        let seconds: Double
        do {
            seconds = try OptionParsing.duration(text, option: option, longest: longest.seconds)
        } catch {
            throw EmulatorConfigurationError(error.message)
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
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

    /// A documented `Persona-Version`, e.g. `2025-12-08`.
    public static func version(_ text: String, option: String) throws(EmulatorConfigurationError) -> PersonaVersion {
        let version = PersonaVersion(rawValue: text)
        guard version.isKnown else {
            throw EmulatorConfigurationError(
                "\(option) must be a documented API version (\(PersonaVersion.known.map(\.rawValue).joined(separator: ", "))); got '\(text)'")
        }
        return version
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
