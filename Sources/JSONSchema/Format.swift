/// The `format` values this validator asserts. Any other format name is an annotation only
/// (accepted and ignored), as the 2020-12 spec allows.
enum Format: Sendable {
    /// RFC 3339 `full-date`, a real calendar date.
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
        case .date: return "not a calendar date (YYYY-MM-DD)"
        case .dateTime: return "not an RFC 3339 date-time"
        case .email: return "not an email address"
        }
    }

    func accepts(_ string: String) -> Bool {
        var copy = string
        if let result = copy.utf8.withContiguousStorageIfAvailable({ accepts(bytes: $0) }) { return result }
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
    /// Two ASCII digits at `i` as a number, or nil.
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

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD` at `i`; returns (year, month, day) when it is a real date.
    static func fullDate(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int, Int)? {
        guard i + 10 <= b.count,
              let year = digits(b, i, 4), b[i + 4] == UInt8(ascii: "-"),
              let month = digits(b, i + 5, 2), b[i + 7] == UInt8(ascii: "-"),
              let day = digits(b, i + 8, 2),
              month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year)
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

    // MARK: Email (RFC 5321 Mailbox)

    private static func isAtext(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(c)
        }
    }

    private static func isLetterOrDigit(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    static func email(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !b.isEmpty else { return false }
        var i = 0
        if b[0] == UInt8(ascii: "\"") {
            // quoted-string: qtextSMTP or quoted-pair
            i = 1
            var closed = false
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { closed = true; i += 1; break }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < b.count, b[i + 1] >= 32, b[i + 1] <= 126 else { return false }
                    i += 2
                    continue
                }
                guard c >= 32, c <= 126 else { return false }
                i += 1
            }
            guard closed else { return false }
        } else {
            // dot-string: atoms separated by single dots
            var atomLength = 0
            while i < b.count, b[i] != UInt8(ascii: "@") {
                let c = b[i]
                if c == UInt8(ascii: ".") {
                    guard atomLength > 0 else { return false }
                    atomLength = 0
                } else {
                    guard isAtext(c) else { return false }
                    atomLength += 1
                }
                i += 1
            }
            guard atomLength > 0 else { return false }
        }
        guard i < b.count, b[i] == UInt8(ascii: "@"), i <= 64 || b[0] == UInt8(ascii: "\"") else { return false }
        let domain = UnsafeBufferPointer(rebasing: b[(i + 1)...])
        return !domain.isEmpty && (addressLiteral(domain) || hostName(domain))
    }

    /// Dot-separated labels of letters, digits and inner hyphens, each 1…63 long.
    static func hostName(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count <= 253 else { return false }
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for c in b {
            if c == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labelLength = 0
            } else if isLetterOrDigit(c) {
                labelLength += 1
            } else if c == UInt8(ascii: "-") {
                guard labelLength > 0 else { return false }
                labelLength += 1
            } else {
                return false
            }
            guard labelLength <= 63 else { return false }
            previous = c
        }
        return labelLength > 0 && previous != UInt8(ascii: "-")
    }

    /// `[IPv4]` or `[IPv6:…]`.
    static func addressLiteral(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 3, b[0] == UInt8(ascii: "["), b[b.count - 1] == UInt8(ascii: "]") else { return false }
        let inner = UnsafeBufferPointer(rebasing: b[1..<(b.count - 1)])
        let prefix = Array("IPv6:".utf8)
        if inner.count > prefix.count, inner.prefix(prefix.count).elementsEqual(prefix) {
            return ipv6(UnsafeBufferPointer(rebasing: inner[prefix.count...]))
        }
        return ipv4(inner)
    }

    /// Dotted-quad IPv4, no leading zeros.
    static func ipv4(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0
        var value = 0
        var length = 0
        var leadingZero = false
        for c in b {
            if c == UInt8(ascii: ".") {
                guard length > 0 else { return false }
                parts += 1
                length = 0
                value = 0
                continue
            }
            guard c >= 48, c <= 57 else { return false }
            if length == 0 { leadingZero = c == 48 } else if leadingZero { return false }
            value = value * 10 + Int(c - 48)
            length += 1
            guard value <= 255 else { return false }
        }
        return parts == 3 && length > 0
    }

    /// RFC 4291 text form: up to 8 hex groups, one `::`, optional trailing IPv4.
    static func ipv6(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !b.isEmpty else { return false }
        var groups = 0
        var sawDoubleColon = false
        var i = 0
        if b.count >= 2, b[0] == UInt8(ascii: ":"), b[1] == UInt8(ascii: ":") {
            sawDoubleColon = true
            i = 2
            if i == b.count { return true }
        } else if b[0] == UInt8(ascii: ":") {
            return false
        }
        while i < b.count {
            // Trailing dotted IPv4 counts as two groups.
            var j = i
            while j < b.count, b[j] != UInt8(ascii: ":") { j += 1 }
            let token = UnsafeBufferPointer(rebasing: b[i..<j])
            if j == b.count, token.contains(UInt8(ascii: ".")) {
                guard ipv4(token) else { return false }
                groups += 2
                break
            }
            guard token.count >= 1, token.count <= 4,
                  token.allSatisfy({ isHex($0) }) else { return false }
            groups += 1
            i = j
            if i == b.count { break }
            // at ':'
            if i + 1 < b.count, b[i + 1] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { return false }
                sawDoubleColon = true
                i += 2
                if i == b.count { break }
            } else {
                i += 1
                guard i < b.count else { return false }
            }
        }
        return sawDoubleColon ? groups <= 7 : groups == 8
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
    }
}
