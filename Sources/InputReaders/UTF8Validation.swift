/// The index of the first byte that does not begin a valid UTF-8 sequence (overlong forms,
/// surrogates and code points past U+10FFFF are invalid), or nil when all of `bytes` is valid.
func firstInvalidUTF8(in bytes: UnsafeRawBufferPointer) -> Int? {
    let n = bytes.count
    var i = 0
    while i < n {
        let lead = bytes[i]
        if lead < 0x80 {
            i += 1
            continue
        }
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return i
        }
        if i + length > n { return i }
        let second = bytes[i + 1]
        if second < low || second > high { return i }
        var k = 2
        while k < length {
            if bytes[i + k] & 0xC0 != 0x80 { return i }
            k += 1
        }
        i += length
    }
    return nil
}

/// A String from `count` bytes at `start`, or nil when they are not valid UTF-8.
///
/// Checks 8 bytes at a time for the all-ASCII case and validates the rest itself (the generic
/// `String(validating:as:)` spends most of its time looking up type metadata).
@inline(__always)
func validatedString(_ start: UnsafePointer<UInt8>, count: Int) -> String? {
    var i = 0
    let raw = UnsafeRawPointer(start)
    while i + 8 <= count {
        if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
        i += 8
    }
    while i < count && start[i] < 0x80 { i += 1 }
    if i < count && firstInvalidUTF8(in: UnsafeRawBufferPointer(start: raw + i, count: count - i)) != nil {
        return nil
    }
    return asciiString(start, count: count)
}

/// A String from `count` bytes at `start` known to be valid UTF-8 (the CSV scan saw no byte
/// ≥ 0x80, or the bytes were validated, or libxml2 checked them).
///
/// Up to 15 bytes become a small (inline) String built directly, see `SmallString`; longer
/// ones are copied straight into new String storage by `String(unsafeUninitializedCapacity:)`
/// (which re-checks them: invalid sequences would become U+FFFD rather than anything unsafe).
@inline(__always)
func asciiString(_ start: UnsafePointer<UInt8>, count: Int, inline: Bool = SmallString.isAvailable) -> String {
    if count <= SmallString.capacity && inline {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.baseAddress?.copyMemory(from: start, byteCount: count) }
        return SmallString.make(words.0, words.1, count: count)
    }
    return largeString(start, count: count)
}

/// Like `asciiString`, for bytes that may be read up to 16 bytes past `start` (the CSV
/// buffer's slack): two word loads instead of a copy. Hot loops pass `inline` (the value of
/// `SmallString.isAvailable` read once), as reading a lazy global costs a runtime call.
@inline(__always)
func asciiString(slack start: UnsafePointer<UInt8>, count: Int, inline: Bool) -> String {
    if count <= SmallString.capacity && inline {
        let raw = UnsafeRawPointer(start)
        let bits = UInt64(truncatingIfNeeded: count) &* 8
        let low = raw.loadUnaligned(as: UInt64.self) & (bits >= 64 ? ~0 : (1 &<< bits) &- 1)
        let high = bits <= 64 ? 0 : raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & ((1 &<< (bits &- 64)) &- 1)
        return SmallString.make(low, high, count: count)
    }
    return largeString(start, count: count)
}

@inline(never)
func largeString(_ start: UnsafePointer<UInt8>, count: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
}
