import PersonaWire

/// An inquiry id that the store need not keep: `inq_` and 24 base58 characters, the first 11 a
/// random number drawn at creation, the last 13 the inquiry's position. A lookup reads the
/// position back and compares the random part, so no id → position table is needed.
struct InquiryID: Sendable, Equatable {
    var random: UInt64
    var sequence: Int

    private static let randomDigits = 11  // 58^11 > 2^64
    private static let sequenceDigits = 13

    init(random: UInt64, sequence: Int) {
        self.random = random
        self.sequence = sequence
    }

    /// Reads an id written by ``text``; nil for anything else.
    init?(parsing text: String) {
        let prefix = PersonaIDPrefix.inquiry.rawValue
        guard text.hasPrefix(prefix) else { return nil }
        let digits = Array(text.utf8.dropFirst(prefix.utf8.count))
        guard digits.count == Self.randomDigits + Self.sequenceDigits,
              let random = Self.decode(digits[0..<Self.randomDigits]),
              let sequence = Self.decode(digits[Self.randomDigits...]), sequence <= UInt64(Int.max)
        else { return nil }
        self.init(random: random, sequence: Int(sequence))
    }

    /// `inq_…`.
    var text: String {
        var bytes = Array(PersonaIDPrefix.inquiry.rawValue.utf8)
        bytes.reserveCapacity(bytes.count + Self.randomDigits + Self.sequenceDigits)
        Self.encode(random, digits: Self.randomDigits, into: &bytes)
        Self.encode(UInt64(sequence), digits: Self.sequenceDigits, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The id of the account created with this inquiry (`meta.auto-create-account`), derived
    /// from the id so that it need not be kept either.
    var autoCreatedAccountID: String {
        var generator = SplitMix64(seed: random ^ UInt64(truncatingIfNeeded: sequence) &* 0x9E37_79B9_7F4A_7C15)
        return PersonaIDPrefix.account.rawValue + generator.base58(count: 28)
    }

    private static func encode(_ value: UInt64, digits: Int, into bytes: inout [UInt8]) {
        var reversed = [UInt8](repeating: Base58.alphabet[0], count: digits)
        var rest = value
        for index in stride(from: digits - 1, through: 0, by: -1) {
            reversed[index] = Base58.alphabet[Int(rest % 58)]
            rest /= 58
        }
        bytes.append(contentsOf: reversed)
    }

    private static func decode(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            guard let digit = Base58.value[Int(byte)] else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 58)
            let (sum, carry) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }
}
