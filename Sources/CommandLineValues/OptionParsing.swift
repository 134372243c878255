/// Parsers for the run's duration and rate options, with messages that name the option.
public enum OptionParsing {
    /// The longest duration the importer accepts (a time limit or a window): 30 days.
    public static let longestSeconds: Double = 30 * 86_400

    /// The shortest duration accepted anywhere: 1 ms (a shorter one would round to nothing).
    public static let shortestSeconds = 0.001

    /// Parses `90s`, `15m`, `5h30m`, `1h30m15s`, `500ms`, `2d`, `1e3s` or a bare number of
    /// seconds, between 1 ms and `longest` seconds (30 days unless said otherwise).
    public static func duration(_ text: String, option: String, longest: Double = longestSeconds) throws(OptionError) -> Double {
        guard let seconds = seconds(in: text), seconds.isFinite, seconds > 0 else {
            throw OptionError("\(option) must be a positive duration such as 90s, 15m, 5h30m or 500ms; got '\(text)'")
        }
        guard seconds >= shortestSeconds, seconds <= longest else {
            throw OptionError("\(option) must be a duration between 1ms and \(format(seconds: longest)); got '\(text)'")
        }
        return seconds
    }

    private static let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]

    /// The seconds `text` spells: one number (exponents allowed) with or without a unit, or
    /// whole parts with units, largest first (`5h30m`); nil when it spells none.
    private static func seconds(in text: String) -> Double? {
        if let bare = Double(text) { return bare }
        for unit in units where text.hasSuffix(unit.suffix) {
            if let value = Double(text.dropLast(unit.suffix.count)) { return value * unit.seconds }
            break
        }
        var total = 0.0
        var number = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
                rest.removeFirst()
                continue
            }
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }), let value = Double(number) else { return nil }
            rest.removeFirst(unit.suffix.count)
            total += value * unit.seconds
            number = ""
        }
        return number.isEmpty && !text.isEmpty ? total : nil
    }

    /// Parses `N/PERIOD`, e.g. `300/60s`, `100/2s`, `5/1m`: a positive count (at most
    /// `largestCount`, ten million unless said otherwise) and a period from 1 ms to `longest`
    /// seconds (30 days unless said otherwise).
    public static func rate(
        _ text: String, option: String, longest: Double = longestSeconds, largestCount: Int = 10_000_000
    ) throws(OptionError) -> (limit: Int, period: Double) {
        let shape = OptionError(
            "\(option) must look like 300/60s (a positive count, '/', a period such as 60s, 1m or 500ms); got '\(text)'")
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0]), limit > 0, limit <= largestCount,
              let period = seconds(in: String(parts[1])), period.isFinite, period > 0 else { throw shape }
        guard period >= shortestSeconds, period <= longest else {
            throw OptionError("\(option) needs a period between 1ms and \(format(seconds: longest)); got '\(text)'")
        }
        return (limit, period)
    }

    /// The option text of a duration: `500ms`, `90s` (under an hour, in seconds), `1h`, `5h30m`,
    /// `2d` (whole units, largest first); what ``duration(_:option:longest:)`` reads back.
    public static func format(seconds: Double) -> String {
        var milliseconds = Int((seconds * 1000).rounded())
        guard milliseconds % 1000 == 0 else { return "\(milliseconds)ms" }
        if milliseconds < 3_600_000 { return "\(milliseconds / 1000)s" }
        var text = ""
        for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where milliseconds >= size {
            text += "\(milliseconds / size)\(unit)"
            milliseconds %= size
        }
        return text.isEmpty ? "0s" : text
    }

    /// The option text of a rate: `300/60s`.
    public static func format(limit: Int, period: Double) -> String {
        "\(limit)/\(format(seconds: period))"
    }

    /// `about 5 h 33 min`, `about 12 s`: a duration for people.
    public static func describe(seconds: Double) -> String {
        guard seconds.isFinite else { return "an unknown time" }
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        if whole < 86_400 * 3 { return "\(whole / 3600) h \((whole % 3600) / 60) min" }
        return "\(whole / 86_400) days"
    }
}

/// A command-line value that cannot be used; the message names the option and the rule.
public struct OptionError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
