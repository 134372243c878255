/// Fast path for the most common schema patterns: a sequence of single-character matchers,
/// each repeated `{min,max}` times, optionally anchored (`^\+[1-9][0-9]{7,14}$`,
/// `^\d{4}-\d{2}-\d{2}$`, `^[A-Z]{2}$`, `[0-9]`…). No alternation or groups.
struct SimpleItem {
    enum Kind {
        case scalar(UInt32)
        case characterClass(Int)
        case anyExceptNewline
    }

    var kind: Kind
    var min: Int
    var max: Int
    var greedy: Bool
}

/// A pattern reduced to ``SimpleItem``s.
struct SimpleProgram {
    var items: [SimpleItem] = []
    var classes: [CharacterClass] = []
    var anchoredStart = false
    var anchoredEnd = false

    /// Longest pattern handled here; recursion depth equals the item count.
    static let maximumItems = 64

    /// nil when the pattern needs the general engine.
    init?(_ node: PatternNode) {
        var nodes: [PatternNode]
        switch node {
        case .sequence(let list): nodes = list
        default: nodes = [node]
        }
        if case .startAnchor = nodes.first {
            anchoredStart = true
            nodes.removeFirst()
        }
        if case .endAnchor = nodes.last {
            anchoredEnd = true
            nodes.removeLast()
        }
        guard nodes.count <= Self.maximumItems else { return nil }
        for node in nodes {
            switch node {
            case .repetition(let body, let min, let max, let greedy):
                guard let kind = simpleKind(body) else { return nil }
                items.append(SimpleItem(kind: kind, min: min, max: max ?? Int.max, greedy: greedy))
            default:
                guard let kind = simpleKind(node) else { return nil }
                items.append(SimpleItem(kind: kind, min: 1, max: 1, greedy: true))
            }
        }
    }

    private mutating func simpleKind(_ node: PatternNode) -> SimpleItem.Kind? {
        switch node {
        case .scalar(let s): return .scalar(s)
        case .anyExceptNewline: return .anyExceptNewline
        case .characterClass(let cls):
            classes.append(cls)
            return .characterClass(classes.count - 1)
        default: return nil
        }
    }
}

/// Runs a ``SimpleProgram`` over UTF-8 bytes.
struct SimpleMatcher {
    let items: UnsafeBufferPointer<SimpleItem>
    let classes: UnsafeBufferPointer<CharacterClass>
    let anchoredStart: Bool
    let anchoredEnd: Bool
    let bytes: UnsafeBufferPointer<UInt8>

    func search() -> Pattern.Outcome {
        var steps = 0
        var start = 0
        while true {
            guard let matched = match(0, start, &steps) else { return .stepLimitExceeded }
            if matched { return .match }
            if anchoredStart || start >= bytes.count { return .noMatch }
            start += 1
            while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
        }
    }

    /// Matches one scalar at `position` against `kind`; returns the position after it.
    @inline(__always)
    private func step(_ kind: SimpleItem.Kind, _ position: Int) -> Int? {
        guard position < bytes.count else { return nil }
        let b0 = bytes[position]
        let scalar: UInt32
        let length: Int
        if b0 < 0x80 {
            scalar = UInt32(b0)
            length = 1
        } else if b0 < 0xE0 {
            scalar = UInt32(b0 & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F)
            length = 2
        } else if b0 < 0xF0 {
            scalar = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F)
            length = 3
        } else {
            scalar = UInt32(b0 & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
                | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F)
            length = 4
        }
        let ok: Bool
        switch kind {
        case .scalar(let expected): ok = scalar == expected
        case .characterClass(let index):
            if let base = classes.baseAddress { ok = CharacterClass.contains(base + index, scalar) } else { ok = false }
        case .anyExceptNewline: ok = scalar != 10 && scalar != 13 && scalar != 0x2028 && scalar != 0x2029
        }
        return ok ? position + length : nil
    }

    /// Whether items `index...` match from `position`; nil when the step limit is exceeded.
    /// Fixed-count items (`{n}`, single characters) never backtrack, so they run in a loop;
    /// only variable items recurse.
    private func match(_ startIndex: Int, _ position: Int, _ steps: inout Int) -> Bool? {
        steps += 1
        if steps > Pattern.stepLimit { return nil }
        var index = startIndex
        var current = position
        while index < items.count, items[index].min == items[index].max {
            let count = items[index].min
            let kind = items[index].kind
            for _ in 0..<count {
                guard let next = step(kind, current) else { return false }
                current = next
            }
            steps += count
            index += 1
        }
        if index == items.count { return !anchoredEnd || current == bytes.count }
        let item = items[index]
        var count = 0
        while count < item.min {
            guard let next = step(item.kind, current) else { return false }
            current = next
            count += 1
        }
        steps += count
        if item.greedy {
            while count < item.max, let next = step(item.kind, current) {
                current = next
                count += 1
                steps += 1
            }
            if steps > Pattern.stepLimit { return nil }
            while true {
                guard let rest = match(index + 1, current, &steps) else { return nil }
                if rest { return true }
                if count == item.min { return false }
                // Give back one scalar.
                current -= 1
                while bytes[current] & 0xC0 == 0x80 { current -= 1 }
                count -= 1
            }
        } else {
            while true {
                guard let rest = match(index + 1, current, &steps) else { return nil }
                if rest { return true }
                guard count < item.max, let next = step(item.kind, current) else { return false }
                current = next
                count += 1
            }
        }
    }
}
