/// The `phone` transform: a phone number to E.164 (`+` and 8 to 15 digits).
///
/// Spaces, dashes, dots, slashes and parentheses are dropped; a leading `+` or `00` (or `011`
/// for a NANP default country) marks an international number; a national number gets the
/// default country's calling code after its trunk prefix is dropped. `+44 (0)20 …` drops the
/// `(0)`.
struct PhoneTransform: Sendable {
    /// ISO alpha-2 of the country national numbers belong to; nil accepts international only.
    let defaultCountry: String?
    let entry: CallingCodes.Entry?

    init(defaultCountry: String?) {
        self.defaultCountry = defaultCountry
        self.entry = defaultCountry.flatMap { CallingCodes.table[$0] }
    }

    func apply(_ value: String) -> TransformStep {
        var value = value
        return value.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
                normalize(bytes, into: digits)
            }
        }
    }

    private func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into digits: UnsafeMutableBufferPointer<UInt8>) -> TransformStep {
        var count = 0
        var plus = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard count < digits.count else { return .failed("phone: too many digits for a phone number") }
                digits[count] = byte
                count += 1
            case UInt8(ascii: "+"):
                guard count == 0, !plus else { return .failed("phone: a + may only start the number") }
                plus = true
            case UInt8(ascii: "("):
                // "+44 (0)20 …": the (0) is the trunk prefix, written for national callers.
                if plus || count > 0, index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "0"),
                    bytes[index + 2] == UInt8(ascii: ")"), plus || (count >= 2 && digits[0] == UInt8(ascii: "0") && digits[1] == UInt8(ascii: "0"))
                {
                    index += 3
                    continue
                }
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ")"), UInt8(ascii: "/"), 0x09:
                break
            case _ where byte | 0x20 == UInt8(ascii: "e") && Self.isScientific(bytes):
                return .failed(Self.scientificReason)
            default:
                return .failed("phone: only digits, spaces, - . / ( ) and a leading + are allowed")
            }
            index += 1
        }
        guard count > 0 else { return .failed("phone: no digits") }

        var start = 0
        var prefix: String = ""
        if plus {
            // international as written
        } else if count >= 2 && digits[0] == UInt8(ascii: "0") && digits[1] == UInt8(ascii: "0") {
            start = 2
        } else if let entry, entry.isNANP, count >= 3, digits[0] == UInt8(ascii: "0"),
            digits[1] == UInt8(ascii: "1"), digits[2] == UInt8(ascii: "1")
        {
            start = 3
        } else {
            guard let entry else {
                if defaultCountry != nil {
                    return .failed("phone: no calling code known for the default country; write numbers with +")
                }
                return .failed("phone: national number but no default-country is set")
            }
            if entry.isNANP {
                if count == 11 && digits[0] == UInt8(ascii: "1") {
                    start = 0
                } else if count == 10 {
                    prefix = "1"
                } else {
                    return .failed("phone: a North American number has 10 digits, or 11 starting with 1; found \(count)")
                }
            } else {
                if let trunk = entry.trunk, digits[0] == trunk { start = 1 }
                prefix = entry.code
            }
        }
        let national = count - start
        let total = prefix.utf8.count + national
        guard national > 0 else { return .failed("phone: no digits after the international prefix") }
        let first = prefix.utf8.first ?? digits[start]
        guard first != UInt8(ascii: "0") else { return .failed("phone: a country calling code cannot start with 0") }
        guard (8...15).contains(total) else {
            return .failed("phone: an E.164 number has 8 to 15 digits; found \(total)")
        }
        return .value(String(unsafeUninitializedCapacity: total + 1) { out in
            out[0] = UInt8(ascii: "+")
            var written = 1
            for byte in prefix.utf8 { out[written] = byte; written += 1 }
            for offset in start..<count { out[written] = digits[offset]; written += 1 }
            return written
        })
    }

    static let scientificReason = "phone: the number is in scientific notation (as Excel shows a long number, e.g. 1.41E+10), "
        + "so its last digits are lost: format the column as text in the spreadsheet and export again"

    /// `1.4155550177E+10`, `4.15E10`: digits, an optional fraction, `E`, an optional sign and
    /// digits. What Excel writes for a long number in a General cell.
    static func isScientific(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        guard digits() > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            _ = digits()
        }
        guard index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") else { return false }
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        return digits() > 0 && index == bytes.count
    }
}
