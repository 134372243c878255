/// Byte-level text helpers for the per-row path: no Foundation, no allocation when nothing changes.
enum UTF8Text {
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// `value` without leading and trailing ASCII whitespace and no-break spaces (U+00A0, as
    /// spreadsheets export them). Returns `value` itself when there is nothing to remove.
    static func trim(_ value: String) -> String {
        // The common case, nothing to trim, looks at two bytes in place.
        let clean = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return true }
            // Bytes above 0x20 are never ASCII whitespace.
            return first > 0x20 && first != 0xC2 && last > 0x20 && last != 0xA0
        }
        if clean == true { return value }
        return trimSlow(value)
    }

    private static func trimSlow(_ value: String) -> String {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last else { return value }
        if !isSpace(first) && first != 0xC2 && !isSpace(last) && last != 0xA0 { return value }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end {
            let byte = bytes[start]
            if isSpace(byte) {
                start = bytes.index(after: start)
            } else if byte == 0xC2, bytes.index(after: start) < end, bytes[bytes.index(after: start)] == 0xA0 {
                start = bytes.index(start, offsetBy: 2)
            } else {
                break
            }
        }
        while start < end {
            let before = bytes.index(before: end)
            let byte = bytes[before]
            if isSpace(byte) {
                end = before
            } else if byte == 0xA0, before > start, bytes[bytes.index(before: before)] == 0xC2 {
                end = bytes.index(before: before)
            } else {
                break
            }
        }
        if start == bytes.startIndex && end == bytes.endIndex { return value }
        return String(value[start..<end])
    }

    /// Runs of ASCII whitespace (or no-break spaces) become one space.
    static func collapseSpaces(_ value: String) -> String {
        func needsWork(_ bytes: some Sequence<UInt8>) -> Bool {
            var previousSpace = false
            for byte in bytes {
                let space = isSpace(byte) || byte == 0xC2
                if space && (previousSpace || byte != 0x20) { return true }
                previousSpace = space
            }
            return false
        }
        guard value.utf8.withContiguousStorageIfAvailable(needsWork) ?? needsWork(value.utf8) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var inRun = false
        var iterator = value.utf8.makeIterator()
        var pending: UInt8?
        while let byte = pending ?? iterator.next() {
            pending = nil
            if isSpace(byte) {
                if !inRun { out.append(0x20) }
                inRun = true
                continue
            }
            if byte == 0xC2 {
                let next = iterator.next()
                if next == 0xA0 {
                    if !inRun { out.append(0x20) }
                    inRun = true
                    continue
                }
                out.append(byte)
                inRun = false
                pending = next
                continue
            }
            out.append(byte)
            inRun = false
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII letters upper-cased; other text upper-cased by the standard library.
    static func upper(_ value: String) -> String {
        let unchanged: (UInt8) -> Bool = { $0 < 0x80 && !($0 >= 0x61 && $0 <= 0x7A) }
        if value.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(unchanged) }) ?? value.utf8.allSatisfy(unchanged) { return value }
        return value.uppercased()
    }

    /// ASCII letters lower-cased; other text lower-cased by the standard library.
    static func lower(_ value: String) -> String {
        let unchanged: (UInt8) -> Bool = { $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }
        if value.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(unchanged) }) ?? value.utf8.allSatisfy(unchanged) { return value }
        return value.lowercased()
    }

    /// The key tables are indexed by: upper-cased, with runs of spaces collapsed. Pure-ASCII
    /// values take a byte path (short results are small strings: no allocation).
    static func lookupKey(_ value: String) -> String {
        func scan(_ bytes: some Sequence<UInt8>) -> (ascii: Bool, clean: Bool) {
            var clean = true
            var previousSpace = false
            for byte in bytes {
                if byte >= 0x80 { return (false, clean) }
                if (byte >= 0x61 && byte <= 0x7A) || (isSpace(byte) && (previousSpace || byte != 0x20)) { clean = false }
                previousSpace = isSpace(byte)
            }
            return (true, clean)
        }
        let (ascii, clean) = value.utf8.withContiguousStorageIfAvailable(scan) ?? scan(value.utf8)
        if ascii && clean { return value }
        if !ascii { return collapseSpaces(value).uppercased() }
        let count = value.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var written = 0
            var inRun = false
            for byte in value.utf8 {
                if isSpace(byte) {
                    if !inRun { buffer[written] = 0x20; written += 1 }
                    inRun = true
                    continue
                }
                inRun = false
                buffer[written] = (byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte
                written += 1
            }
            return written
        }
    }
}
