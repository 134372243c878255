import JSONSchema

/// An input date format of the `date` transform: `yyyy`, `MM`, `M`, `dd`, `d` and literal
/// separators (any ASCII character that is not a letter), e.g. `MM/dd/yyyy`, `dd.MM.yyyy`,
/// `yyyyMMdd`, `M/d/yyyy`.
///
/// Matching is hand-written over UTF-8 bytes: `MM`/`dd` take exactly two digits, `M`/`d` one
/// or two, `yyyy` exactly four.
struct DatePattern: Sendable {
    enum Token: Sendable, Equatable {
        case year
        case month(exact: Bool)
        case day(exact: Bool)
        case literal(UInt8)
    }

    /// The pattern as written in the mapping file.
    let text: String
    let tokens: [Token]

    /// Why a pattern is not accepted; the caller names the file and key.
    struct Invalid: Error {
        let reason: String
    }

    init(text: String, tokens: [Token]) {
        self.text = text
        self.tokens = tokens
    }

    init(_ text: String) throws(Invalid) {
        var tokens: [Token] = []
        let bytes = Array(text.utf8)
        var index = 0
        var seen: Set<String> = []
        func run(of byte: UInt8) -> Int {
            var end = index
            while end < bytes.count && bytes[end] == byte { end += 1 }
            return end - index
        }
        while index < bytes.count {
            let byte = bytes[index]
            let length = run(of: byte)
            switch byte {
            case UInt8(ascii: "y"):
                guard length == 4 else { throw Invalid(reason: "write the year as yyyy (four digits)") }
                tokens.append(.year)
                guard seen.insert("y").inserted else { throw Invalid(reason: "the year appears twice") }
            case UInt8(ascii: "M"):
                guard length <= 2 else { throw Invalid(reason: "write the month as MM or M") }
                tokens.append(.month(exact: length == 2))
                guard seen.insert("M").inserted else { throw Invalid(reason: "the month appears twice") }
            case UInt8(ascii: "d"):
                guard length <= 2 else { throw Invalid(reason: "write the day as dd or d") }
                tokens.append(.day(exact: length == 2))
                guard seen.insert("d").inserted else { throw Invalid(reason: "the day appears twice") }
            default:
                let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                guard !isLetter, byte < 0x80 else {
                    throw Invalid(reason: "unsupported letter in date format (use yyyy, MM, M, dd, d and separators)")
                }
                for _ in 0..<length { tokens.append(.literal(byte)) }
            }
            index += length
        }
        guard seen.count == 3 else { throw Invalid(reason: "a date format needs yyyy, a month (MM or M) and a day (dd or d)") }
        self.text = text
        self.tokens = tokens
    }

    /// The year, month and day `bytes` spell in this pattern, or nil when they do not fit it.
    /// The numbers are not yet checked against the calendar.
    func match(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        var position = 0
        var year = 0, month = 0, day = 0
        @inline(__always) func digit(_ at: Int) -> Int? {
            guard at < bytes.count else { return nil }
            let value = Int(bytes[at]) &- 0x30
            return (0...9).contains(value) ? value : nil
        }
        @inline(__always) func number(exact: Int?, maximum: Int) -> Int? {
            var value = 0
            var length = 0
            let limit = exact ?? maximum
            while length < limit, let next = digit(position) {
                value = value * 10 + next
                position += 1
                length += 1
            }
            if let exact { return length == exact ? value : nil }
            return length > 0 ? value : nil
        }
        for token in tokens {
            switch token {
            case .year:
                guard let value = number(exact: 4, maximum: 4) else { return nil }
                year = value
            case .month(let exact):
                guard let value = number(exact: exact ? 2 : nil, maximum: 2) else { return nil }
                month = value
            case .day(let exact):
                guard let value = number(exact: exact ? 2 : nil, maximum: 2) else { return nil }
                day = value
            case .literal(let byte):
                guard position < bytes.count, bytes[position] == byte else { return nil }
                position += 1
            }
        }
        return position == bytes.count ? (year, month, day) : nil
    }
}

/// Writing a date; which dates are real is ``CalendarDate/isValid(year:month:day:)`` of the
/// JSONSchema module, the one calendar check the `date` format shares.
extension CalendarDate {
    /// `YYYY-MM-DD` (a small string: no allocation).
    static func format(year: Int, month: Int, day: Int) -> String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            buffer[0] = UInt8(truncatingIfNeeded: 0x30 + year / 1000 % 10)
            buffer[1] = UInt8(truncatingIfNeeded: 0x30 + year / 100 % 10)
            buffer[2] = UInt8(truncatingIfNeeded: 0x30 + year / 10 % 10)
            buffer[3] = UInt8(truncatingIfNeeded: 0x30 + year % 10)
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = UInt8(truncatingIfNeeded: 0x30 + month / 10)
            buffer[6] = UInt8(truncatingIfNeeded: 0x30 + month % 10)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = UInt8(truncatingIfNeeded: 0x30 + day / 10)
            buffer[9] = UInt8(truncatingIfNeeded: 0x30 + day % 10)
            return 10
        }
    }
}

/// The `date` transform: the first of its input formats that matches wins.
struct DateTransform: Sendable {
    let patterns: [DatePattern]

    func apply(_ value: String) -> TransformStep {
        var value = value
        return value.withUTF8 { bytes in
            var matchedButInvalid = false
            for pattern in patterns {
                guard let date = pattern.match(bytes) else { continue }
                if CalendarDate.isValid(year: date.year, month: date.month, day: date.day) {
                    return .value(CalendarDate.format(year: date.year, month: date.month, day: date.day))
                }
                matchedButInvalid = true
            }
            if matchedButInvalid { return .failed("date: not a calendar date") }
            return .failed("date: matches none of " + patterns.map(\.text).joined(separator: ", "))
        }
    }
}
