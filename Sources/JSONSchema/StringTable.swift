/// A read-only string-keyed table tuned for schema property names and string enums.
///
/// `Dictionary<String, _>` pays for a seeded SipHash per lookup; here the hash reads the
/// length and the first and last UTF-8 bytes, and keys compare by exact code points (JSON
/// equality), not by Unicode canonical equivalence. Immutable after `init`, so lookups need no
/// copies or locks (hence `@unchecked Sendable`: the raw key buffers are never written again).
final class StringTable<Value: Sendable>: @unchecked Sendable {
    private let keys: [String]
    /// UTF-8 bytes of each key, owned by this table (freed in `deinit`).
    private let keyBytes: [UnsafeBufferPointer<UInt8>]
    let values: [Value]
    private let slots: [Int32]
    private let mask: Int

    /// Builds the table; a later duplicate key replaces the earlier value.
    init(_ pairs: [(String, Value)] = []) {
        var keys: [String] = []
        var values: [Value] = []
        var positions: [String: Int] = [:]
        for (key, value) in pairs {
            if let existing = positions[key], keys[existing].utf8.elementsEqual(key.utf8) {
                values[existing] = value
            } else {
                positions[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
        var size = 8
        while size < keys.count * 3 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, key) in keys.enumerated() {
            var slot = Self.hash(key) & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index)
        }
        self.keys = keys
        self.keyBytes = keys.map { key in
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: key.utf8.count)
            _ = buffer.initialize(from: key.utf8)
            return UnsafeBufferPointer(buffer)
        }
        self.values = values
        self.slots = slots
        self.mask = size - 1
    }

    /// The same keys with transformed values.
    func mapValues(_ transform: (Value) -> Value) -> StringTable<Value> {
        StringTable(Array(zip(keys, values.map(transform))))
    }

    deinit {
        for bytes in keyBytes { bytes.deallocate() }
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    /// Byte equality of two same-length buffers, eight bytes at a time (keys are short, so
    /// this beats a call to `memcmp`).
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return a.count == b.count }
        let ra = UnsafeRawPointer(pa)
        let rb = UnsafeRawPointer(pb)
        let count = a.count
        if count < 8 {
            for offset in 0..<count where pa[offset] != pb[offset] { return false }
            return true
        }
        var offset = 0
        while offset + 8 <= count {
            if ra.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != rb.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        // The last (overlapping) eight bytes cover any remainder.
        return ra.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            == rb.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    /// A constant-time hash of the length and the first and last eight UTF-8 bytes (FNV-1a for
    /// shorter keys). Schema property names differ there; a collision costs one more compare.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        if bytes.count >= 8, let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let head = raw.loadUnaligned(as: UInt64.self)
            let tail = raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
            hash = (hash ^ head) &* 0x100_0000_01b3
            hash = (hash ^ (tail >> 7 | tail << 57)) &* 0xff51_afd7_ed55_8ccd
        } else {
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    static func hash(_ key: String) -> Int {
        var copy = key
        return copy.withUTF8 { hash($0) }
    }

    /// The position of `key` in ``values``, or nil. Keys compare by their UTF-8 bytes, which is
    /// exactly JSON's code-point equality.
    @inline(__always)
    func index(of key: String) -> Int? {
        guard !keys.isEmpty else { return nil }
        if let found = key.utf8.withContiguousStorageIfAvailable({ index(ofBytes: $0) }) { return found }
        var copy = key
        return copy.withUTF8 { index(ofBytes: $0) }
    }

    @inline(__always)
    private func index(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            let stored = keyBytes[index]
            if stored.count == bytes.count, Self.equal(stored, bytes) { return index }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    subscript(key: String) -> Value? {
        guard let index = index(of: key) else { return nil }
        return values[index]
    }

    @inline(__always)
    func contains(_ key: String) -> Bool { index(of: key) != nil }
}
