import Foundation

/// The table behind the `country` and `us-state` transforms: keys as `UTF8Text.lookupKey`
/// writes them, looked up exactly as `index[UTF8Text.lookupKey(value)]` would be.
///
/// Values whose key is short ASCII (the usual `US`, `usa`, `California`) skip building the
/// key string and hashing it with SipHash: the key is packed into two words while it is
/// normalised and found in an open-addressing table of the same entries. Anything else takes
/// the dictionary.
struct LookupTable: Sendable {
    private let index: [String: String]
    /// Power-of-two sized; nil when the fast path is off (see `init`).
    private let slots: ContiguousArray<Slot>?

    private struct Slot: Sendable {
        var key = ShortKey(low: 0, high: 0, length: 0)
        var value: String?
    }

    /// Up to 16 ASCII bytes, packed little-endian.
    private struct ShortKey: Equatable, Sendable {
        var low: UInt64
        var high: UInt64
        var length: Int

        static let capacity = 16

        /// The bytes as they are, when they are short ASCII.
        init?(exact text: String) {
            low = 0
            high = 0
            length = 0
            for byte in text.utf8 {
                guard byte < 0x80, length < Self.capacity else { return nil }
                append(byte)
            }
        }

        init(low: UInt64, high: UInt64, length: Int) {
            self.low = low
            self.high = high
            self.length = length
        }

        /// `UTF8Text.lookupKey` of ASCII `bytes` (upper-cased, whitespace runs as one space),
        /// when it fits; nil for non-ASCII or longer input.
        init?(normalizing bytes: UnsafeBufferPointer<UInt8>) {
            low = 0
            high = 0
            length = 0
            var inRun = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                if UTF8Text.isSpace(byte) {
                    if !inRun {
                        guard length < Self.capacity else { return nil }
                        append(0x20)
                    }
                    inRun = true
                    continue
                }
                inRun = false
                guard length < Self.capacity else { return nil }
                append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            }
        }

        @inline(__always)
        private mutating func append(_ byte: UInt8) {
            if length < 8 {
                low |= UInt64(byte) << UInt64(8 * length)
            } else {
                high |= UInt64(byte) << UInt64(8 * (length - 8))
            }
            length += 1
        }

        @inline(__always)
        var hash: Int {
            var mixed = (low ^ (high &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xBF58_476D_1CE4_E5B9
            mixed ^= mixed >> 31
            return Int(truncatingIfNeeded: mixed)
        }
    }

    init(_ index: [String: String]) {
        self.index = index
        var short: [(ShortKey, String)] = []
        var fastPathExact = true
        for (key, value) in index {
            if let packed = ShortKey(exact: key) {
                short.append((packed, value))
            } else if key.utf8.allSatisfy({ $0 < 0x80 }) {
                continue  // ASCII but long: such input goes to the dictionary too.
            } else if key.precomposedStringWithCanonicalMapping.utf8.allSatisfy({ $0 < 0x80 }) {
                // A non-ASCII key equal (by canonical equivalence) to an ASCII string would be
                // missed by the byte comparison: keep every lookup on the dictionary.
                fastPathExact = false
            }
        }
        guard fastPathExact else {
            slots = nil
            return
        }
        var size = 16
        while size < short.count * 4 { size *= 2 }
        var table = ContiguousArray(repeating: Slot(), count: size)
        for (key, value) in short {
            var position = key.hash & (size - 1)
            while table[position].value != nil { position = (position + 1) & (size - 1) }
            table[position] = Slot(key: key, value: value)
        }
        slots = table
    }

    /// The value for `value`'s lookup key, or nil.
    func value(for value: String) -> String? {
        if let slots {
            let found = value.utf8.withContiguousStorageIfAvailable { bytes -> String?? in
                guard let key = ShortKey(normalizing: bytes) else { return .none }
                return slots.withUnsafeBufferPointer { table -> String?? in
                    let mask = table.count - 1
                    var position = key.hash & mask
                    while let candidate = table[position].value {
                        if table[position].key == key { return .some(candidate) }
                        position = (position + 1) & mask
                    }
                    return .some(nil)
                }
            }
            if case .some(.some(let result)) = found { return result }
        }
        return index[UTF8Text.lookupKey(value)]
    }
}
