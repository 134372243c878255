import Foundation
import JSONSchema

/// Persona's timestamps: ISO 8601 in UTC with milliseconds, e.g. `2025-03-10T19:47:47.000Z`.
enum Timestamp {
    /// Formats `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var millis = Int(((interval - Double(seconds)) * 1000).rounded())
        if millis >= 1000 {
            seconds += 1
            millis -= 1000
        }
        let (year, month, day) = civil(fromDays: Int((Double(seconds) / 86400).rounded(.down)))
        let secondOfDay = seconds - Int((Double(seconds) / 86400).rounded(.down)) * 86400
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        put(year, 4); bytes.append(0x2D); put(month, 2); bytes.append(0x2D); put(day, 2)
        bytes.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, 2); bytes.append(0x3A); put(secondOfDay / 60 % 60, 2); bytes.append(0x3A)
        put(secondOfDay % 60, 2); bytes.append(0x2E); put(millis, 3); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM`
    /// (a bare date-time is UTC). Nil when malformed.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<width {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
              isValidDate(year: year, month: month, day: day) else { return nil }
        var seconds = Double(days(fromCivil: year, month, day)) * 86400
        if index == bytes.count { return Date(timeIntervalSince1970: seconds) }
        guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")),
              let hour = number(2), hour < 24, expect(0x3A), let minute = number(2), minute < 60 else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(0x3A) {
            guard let second = number(2), second < 61 else { return nil }
            seconds += Double(second)
            if expect(0x2E) || expect(0x2C) {
                var scale = 0.1
                let start = index
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    seconds += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
        }
        if index == bytes.count || expect(UInt8(ascii: "Z")) {
            return index == bytes.count ? Date(timeIntervalSince1970: seconds) : nil
        }
        guard index < bytes.count else { return nil }
        let sign: Double
        if expect(UInt8(ascii: "+")) { sign = 1 } else if expect(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let offsetHours = number(2) else { return nil }
        _ = expect(0x3A)
        guard let offsetMinutes = number(2), index == bytes.count else { return nil }
        return Date(timeIntervalSince1970: seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60))
    }

    /// True for a real calendar date (leap years included), years 1...9999: the package's one
    /// calendar check.
    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        CalendarDate.isValid(year: year, month: month, day: day)
    }

    /// True for exactly `YYYY-MM-DD` naming a real date.
    static func isValidBirthdate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                value = value * 10 + Int(bytes[i] - 48)
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) else { return false }
        return isValidDate(year: year, month: month, day: day)
    }

    // Howard Hinnant's days-from-civil algorithms.
    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
