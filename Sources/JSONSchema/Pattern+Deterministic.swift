/// One item of a ``DeterministicProgram``: a set of ASCII bytes repeated `min...max` times.
struct ByteItem {
    var low: UInt64
    var high: UInt64
    var min: Int
    var max: Int

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let word = byte < 64 ? low : high
        return byte < 128 && (word >> UInt64(byte & 63)) & 1 != 0
    }
}

/// A ``SimpleProgram`` that matches without backtracking: anchored at both ends, every item an
/// ASCII literal or a non-negated ASCII-only class, and every variable-count item followed by
/// an item that needs at least one byte of a disjoint set (`^\+[1-9][0-9]{7,14}$`,
/// `^\d{4}-\d{2}-\d{2}$`, `^[A-Z]{2}$`).
///
/// Then a match can only give each variable item its longest run: the byte after any shorter
/// run still belongs to the item's own set, which the next item cannot start with. One greedy
/// pass over the bytes therefore decides exactly what the backtracking matcher decides.
struct DeterministicProgram {
    var items: [ByteItem] = []

    /// Longer inputs go to ``SimpleMatcher``, whose step limit they could reach; below this
    /// size its work on such a program stays far under `Pattern.stepLimit`.
    static let maximumInput = 100_000

    /// nil when the program needs backtracking (or may hit the step limit).
    init?(_ simple: SimpleProgram) {
        guard simple.anchoredStart, simple.anchoredEnd, !simple.items.isEmpty else { return nil }
        for item in simple.items {
            var byteItem = ByteItem(low: 0, high: 0, min: item.min, max: item.max)
            switch item.kind {
            case .scalar(let scalar):
                guard scalar < 128 else { return nil }
                if scalar < 64 { byteItem.low = 1 << UInt64(scalar) } else { byteItem.high = 1 << UInt64(scalar - 64) }
            case .characterClass(let index):
                let cls = simple.classes[index]
                guard !cls.negated, cls.ranges.allSatisfy({ $0.upperBound < 128 }) else { return nil }
                byteItem.low = cls.asciiLow
                byteItem.high = cls.asciiHigh
            case .anyExceptNewline:
                return nil
            }
            items.append(byteItem)
        }
        for index in items.indices.dropLast() where items[index].min != items[index].max {
            let next = items[index + 1]
            guard next.min >= 1, items[index].low & next.low == 0, items[index].high & next.high == 0 else { return nil }
        }
    }

    /// Whether the whole of `bytes` matches.
    static func matches(_ items: UnsafeBufferPointer<ByteItem>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var position = 0
        for item in items {
            let start = position
            let limit = item.max >= count - position ? count : position + item.max
            while position < limit, item.contains(bytes[position]) { position += 1 }
            if position - start < item.min { return false }
        }
        return position == count
    }
}
