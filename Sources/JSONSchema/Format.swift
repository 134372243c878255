/// The `format` values this validator asserts. Any other format name is an annotation only
/// (accepted and ignored), as the 2020-12 spec allows.
enum Format: Sendable {
    /// RFC 3339 `full-date`, a real calendar date (``CalendarDate``: years 1–9999).
    case date
    /// RFC 3339 `date-time`, with leap seconds only at 23:59:60 UTC.
    case dateTime
    /// RFC 5321 `Mailbox` (dot-string or quoted local part; host name or address literal).
    case email

    init?(name: String) {
        switch name {
        case "date": self = .date
        case "date-time": self = .dateTime
        case "email": self = .email
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .date: return "date"
        case .dateTime: return "date-time"
        case .email: return "email"
        }
    }

    /// What a failing value is not, for messages.
    var failure: String {
        switch self {
        case .date: return "not a calendar date"
        case .dateTime: return "not an RFC 3339 date-time"
        case .email: return "not an email address"
        }
    }

    func accepts(_ string: String) -> Bool {
        if let result = string.utf8.withContiguousStorageIfAvailable({ accepts(bytes: $0) }) { return result }
        var copy = string
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { accepts(bytes: $0) } ?? false
    }

    private func accepts(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .date: return bytes.count == 10 && FormatCheck.fullDate(bytes, 0) != nil
        case .dateTime: return FormatCheck.dateTime(bytes)
        case .email: return FormatCheck.email(bytes)
        }
    }
}

/// Hand-written format checks over UTF-8 bytes (no regexes, no allocation).
enum FormatCheck {
    /// `count` ASCII digits at `i` as a number, or nil.
    @inline(__always)
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> Int? {
        guard i + count <= b.count else { return nil }
        var value = 0
        for k in i..<(i + count) {
            let c = b[k]
            guard c >= 48, c <= 57 else { return nil }
            value = value * 10 + Int(c - 48)
        }
        return value
    }

    /// `YYYY-MM-DD` at `i`; returns (year, month, day) when it is a real date
    /// (``CalendarDate/isValid(year:month:day:)``).
    static func fullDate(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int, Int)? {
        guard i + 10 <= b.count,
              let year = digits(b, i, 4), b[i + 4] == UInt8(ascii: "-"),
              let month = digits(b, i + 5, 2), b[i + 7] == UInt8(ascii: "-"),
              let day = digits(b, i + 8, 2),
              CalendarDate.isValid(year: year, month: month, day: day)
        else { return nil }
        return (year, month, day)
    }

    /// RFC 3339 `date-time`: full-date "T" partial-time time-offset (T and Z case-insensitive).
    static func dateTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard fullDate(b, 0) != nil, b.count >= 20,
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = digits(b, 11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(b, 14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(b, 17, 2),
              hour <= 23, minute <= 59, second <= 60
        else { return false }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.count else { return false }
        var offsetMinutes = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let offsetHour = digits(b, i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                  let offsetMinute = digits(b, i + 4, 2), offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
            i += 6
        } else {
            return false
        }
        guard i == b.count else { return false }
        if second == 60 {
            // A leap second happens at 23:59:60 UTC only.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }
}
