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
/// `String(validating:as:)` spends most of its time looking up type metadata: ~900
/// instructions for a short field).
@inline(__always)
func validatedString(_ start: UnsafePointer<UInt8>, count: Int, inline: Bool) -> String? {
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
    return decodedString(start, count: count, inline: inline)
}

/// A String from `count` bytes at `start` that should be valid UTF-8 (the CSV scan saw only
/// ASCII, `validatedString` validated them, or libxml2 checked them). Whatever they are, the
/// result is a valid String: an invalid sequence becomes U+FFFD.
///
/// With `inline` (`InlineString.isAvailable`, read once by the caller: reading a lazy global
/// costs a call), up to 15 bytes become an inline String directly; see `InlineString`.
@inline(__always)
func decodedString(_ start: UnsafePointer<UInt8>, count: Int, inline: Bool) -> String {
    if count <= InlineString.capacity && inline {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.baseAddress?.copyMemory(from: start, byteCount: count) }
        if let string = InlineString.make(words.0, words.1, count: count) { return string }
    }
    return publicString(start, count: count)
}

/// Like `decodedString`, for bytes that may be read up to 16 bytes past `start` (the CSV
/// buffer's and `ByteBuffer`'s slack): two word loads instead of a copy.
@inline(__always)
func decodedString(slack start: UnsafePointer<UInt8>, count: Int, inline: Bool) -> String {
    if count <= InlineString.capacity && inline {
        let raw = UnsafeRawPointer(start)
        let bits = UInt64(truncatingIfNeeded: count) &* 8
        let low = raw.loadUnaligned(as: UInt64.self) & (bits >= 64 ? ~0 : (1 &<< bits) &- 1)
        let high = bits <= 64 ? 0 : raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & ((1 &<< (bits &- 64)) &- 1)
        if let string = InlineString.make(low, high, count: count) { return string }
    }
    return publicString(start, count: count)
}

/// The same String through the public initializers, which validate (and repair) the bytes.
/// Up to 15 bytes `String(unsafeUninitializedCapacity:initializingUTF8With:)` is the cheaper
/// (~38 instructions a string against ~71: it builds the small string on the stack); past
/// that `String(decoding:as:)` is (it copies ASCII into new storage in one pass).
@inline(never)
func publicString(_ start: UnsafePointer<UInt8>, count: Int) -> String {
    if count <= 15 {
        return String(unsafeUninitializedCapacity: count) { buffer in
            guard count > 0, let base = buffer.baseAddress else { return 0 }
            base.initialize(from: start, count: count)
            return count
        }
    }
    return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
}
