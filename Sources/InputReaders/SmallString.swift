/// Builds small Strings (up to 15 UTF-8 bytes, stored inline in the String value) without the
/// standard library's generic construction path, which costs ~100 instructions per field
/// through closures, a scratch buffer and a validation pass.
///
/// On 64-bit little-endian platforms a small String is two words: the first 8 bytes, then
/// bytes 8...14 with a discriminator in the top byte (`0xE0 | count` when all bytes are ASCII,
/// `0xA0 | count` otherwise; unused bytes zero). This layout is part of Swift's stable ABI
/// (`_StringObject`); `isAvailable` still checks it once against strings the standard library
/// made, and everything falls back to the public initializer when it does not match.
enum SmallString {
    static let capacity = 15

    /// True when the layout check passed (computed once).
    static let isAvailable: Bool = {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
        let samples = ["", "a", "12345678", "0123456789abcde", "é", "aé€𝄞"]
        for sample in samples {
            var bytes = Array(sample.utf8)
            let count = bytes.count
            bytes += [UInt8](repeating: 0, count: 16 - count)
            let words = bytes.withUnsafeBytes {
                ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            }
            let expected = withUnsafeBytes(of: sample) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
            guard expected == (words.0, words.1 | discriminator(words.0, words.1, count: count)) else { return false }
        }
        return true
        #else
        return false
        #endif
    }()

    @inline(__always)
    static func discriminator(_ low: UInt64, _ high: UInt64, count: Int) -> UInt64 {
        let ascii = (low | high) & 0x8080_8080_8080_8080 == 0
        return UInt64(truncatingIfNeeded: (ascii ? 0xE0 : 0xA0) | count) &<< 56
    }

    /// The String whose UTF-8 bytes are `low` then `high` (little-endian, zero past `count`).
    /// Only when `isAvailable`, `count <= capacity` and the bytes are valid UTF-8.
    @inline(__always)
    static func make(_ low: UInt64, _ high: UInt64, count: Int) -> String {
        // Written into an empty (immortal) String in place: `unsafeBitCast` would make the
        // compiler retain the result, a runtime call per value.
        var result = ""
        withUnsafeMutableBytes(of: &result) { raw in
            raw.storeBytes(of: low, as: UInt64.self)
            raw.storeBytes(of: high | discriminator(low, high, count: count), toByteOffset: 8, as: UInt64.self)
        }
        return result
    }
}
