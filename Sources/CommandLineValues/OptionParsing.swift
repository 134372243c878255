/// Parsers for the run's duration and rate options, with messages that name the option.
public enum OptionParsing {
    /// The longest duration accepted anywhere (a time limit or a window): 30 days.
    static let longestSeconds: Double = 30 * 86_400

    /// Parses `90s`, `15m`, `5h30m`, `1h30m15s`, `500ms` or a bare number of seconds; positive,
    /// at most 30 days.
    public static func duration(_ text: String, option: String) throws(OptionError) -> Double {
        let error = OptionError("\(option) must be a duration such as 90s, 15m, 5h30m or 500ms (at most 30 days); got '\(text)'")
        if let seconds = Double(text) {
            guard seconds.isFinite, seconds > 0, seconds <= longestSeconds else { throw error }
            return seconds
        }
        var total = 0.0
        var number = ""
        var rest = Substring(text)
        guard !rest.isEmpty else { throw error }
        while let character = rest.first {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
                rest.removeFirst()
                continue
            }
            let unit: Double
            if rest.hasPrefix("ms") {
                unit = 0.001
                rest.removeFirst(2)
            } else {
                switch character {
                case "s": unit = 1
                case "m": unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                default: throw error
                }
                rest.removeFirst()
            }
            guard let value = Double(number), value.isFinite, value >= 0 else { throw error }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0, total.isFinite, total <= longestSeconds else { throw error }
        return total
    }

    /// Parses `N/PERIOD`, e.g. `300/60s`, `100/2s`, `5/1m`: a positive count (at most ten
    /// million) and a period from 1 ms to 30 days.
    public static func rate(_ text: String, option: String) throws(OptionError) -> (limit: Int, period: Double) {
        let error = OptionError("\(option) must look like 300/60s (a positive count, '/', a period such as 60s, 1m or 500ms); got '\(text)'")
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0]), limit > 0, limit <= 10_000_000 else { throw error }
        guard let period = try? duration(String(parts[1]), option: option), period >= 0.001 else { throw error }
        return (limit, period)
    }

    /// `about 5 h 33 min`, `about 12 s`: a duration for people.
    public static func describe(seconds: Double) -> String {
        guard seconds.isFinite else { return "an unknown time" }
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \((whole % 3600) / 60) min"
    }
}

/// A command-line value that cannot be used; the message names the option and the rule.
public struct OptionError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
