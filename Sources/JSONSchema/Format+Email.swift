/// `format: email`: RFC 5321 `Mailbox`, as the JSON-Schema-Test-Suite reads it: a dot-string
/// or quoted local part (at most 64 bytes unquoted), `@`, then a host name or an address
/// literal (`[IPv4]`, `[IPv6:…]`). ASCII only (`idn-email` is a different format).
extension FormatCheck {
    private static func isAtext(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
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
