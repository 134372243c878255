/// Builds small Strings (up to 15 UTF-8 bytes, stored inline in the String value) from two
/// machine words, for the readers' per-field hot path.
///
/// Kept unsafe construct (`unsafeBitCast` to `String`; it replaces `SmallString`, which wrote
/// these words into a String's memory with `storeBytes`). Justification, against the cheapest
/// public constructors (`publicString`), `scripts/bench.sh readers` cases:
/// - CSV read: 20% of rows/s (`persona-bench read customers-1m.csv`, best of 11: 3.86 M →
///   3.09 M rows/s) and 16% more instructions (callgrind, customers-100k.csv: 480.7 M → 557.3 M).
/// - XML read: 10–13% of rows/s (customers-100k.xml, best of 11: 678k → 610k; customers-1m.xml,
///   best of 5: 697k → 609k), though only 2.3% more instructions (3,228.8 M → 3,302.9 M).
///
/// Why it is sound:
/// - Nothing is written into memory that holds a String: a new value is made from two `UInt64`s
///   (trivial), in one step, the way the standard library itself builds a small string.
/// - The words are exactly the ones the standard library makes for the same bytes. On 64-bit
///   little-endian platforms a small String is two words: the first 8 bytes, then bytes 8...14
///   with a discriminator in the top byte (`0xE0 | count` when all bytes are ASCII,
///   `0xA0 | count` otherwise; unused bytes zero). `isAvailable` checks this once against
///   strings the standard library made (ASCII and not, lengths 0 to 15), comparing their raw
///   words; on any other layout or platform every caller uses the public initializer instead.
/// - A small String owns no memory (retain and release ignore it), so no lifetime is involved.
/// - Only valid UTF-8 gets through: `make` checks any bytes ≥ 0x80 itself (short strings, so
///   this costs little) and returns nil for anything else.
enum InlineString {
    static let capacity = 15

    /// True when the layout check passed (computed once).
    static let isAvailable: Bool = {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
        guard MemoryLayout<String>.size == 16 else { return false }
        let samples = ["", "a", "12345678", "0123456789abcde", "é", "aé€𝄞", "ñandú-ü€", "0123456789ab€"]
        for sample in samples {
            let bytes = Array(sample.utf8)
            let words = InlineString.words(bytes)
            // Reading a String's bytes is allowed (it is writing them that is not).
            let actual = withUnsafeBytes(of: sample) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            let discriminator = UInt64((ascii ? 0xE0 : 0xA0) | bytes.count) << 56
            guard actual == (words.0, words.1 | discriminator) else { return false }
            // Same words, so the same value; checked through the public API as well.
            guard let made = make(words.0, words.1, count: bytes.count), made == sample,
                made.utf8.elementsEqual(bytes), made.hashValue == sample.hashValue
            else { return false }
        }
        return true
        #else
        return false
        #endif
    }()

    /// `bytes` (at most 16) as two little-endian words, zero past the end.
    private static func words(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for (index, byte) in bytes.prefix(16).enumerated() { raw[index] = byte }
        }
        return words
    }

    /// The String whose UTF-8 bytes are `low` then `high` (little-endian, zero past `count`),
    /// or nil when they are not valid UTF-8 (checked here, so no caller can make an invalid
    /// String). Only when `isAvailable` and `count <= capacity`.
    @inline(__always)
    static func make(_ low: UInt64, _ high: UInt64, count: Int) -> String? {
        assert(count >= 0 && count <= capacity, "InlineString.make: count out of range")
        assert(count >= 8 || low &>> UInt64(count &* 8) == 0, "InlineString.make: bytes past count")
        assert(count > 8 ? high &>> UInt64((count &- 8) &* 8) == 0 : high == 0, "InlineString.make: bytes past count")
        let ascii = (low | high) & 0x8080_8080_8080_8080 == 0
        if !ascii && !isValidUTF8(low, high, count: count) { return nil }
        let discriminator = UInt64(truncatingIfNeeded: (ascii ? 0xE0 : 0xA0) | count) &<< 56
        return unsafeBitCast((low, high | discriminator), to: String.self)
    }

    @inline(never)
    static func isValidUTF8(_ low: UInt64, _ high: UInt64, count: Int) -> Bool {
        let words = (low, high)
        return withUnsafeBytes(of: words) { firstInvalidUTF8(in: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) == nil }
    }
}
