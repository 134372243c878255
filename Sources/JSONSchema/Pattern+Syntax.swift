/// The parsed form of an ECMA-262 regular expression (the subset schemas use).
indirect enum PatternNode {
    case empty
    case scalar(UInt32)
    case anyExceptNewline
    case characterClass(CharacterClass)
    case startAnchor
    case endAnchor
    case wordBoundary(Bool)
    case sequence([PatternNode])
    case alternation([PatternNode])
    case repetition(PatternNode, min: Int, max: Int?, greedy: Bool)

    /// Whether the node can match without consuming input (drives the empty-loop guard).
    var canMatchEmpty: Bool {
        switch self {
        case .empty, .startAnchor, .endAnchor, .wordBoundary: return true
        case .scalar, .anyExceptNewline, .characterClass: return false
        case .sequence(let nodes): return nodes.allSatisfy(\.canMatchEmpty)
        case .alternation(let nodes): return nodes.contains(where: \.canMatchEmpty)
        case .repetition(let node, let min, _, _): return min == 0 || node.canMatchEmpty
        }
    }
}

/// A set of Unicode scalars given as ranges, with an ASCII bitmap for the common case.
struct CharacterClass: Sendable {
    private(set) var ranges: [ClosedRange<UInt32>] = []
    var negated = false
    private(set) var asciiLow: UInt64 = 0
    private(set) var asciiHigh: UInt64 = 0

    mutating func add(_ range: ClosedRange<UInt32>) {
        ranges.append(range)
        var scalar = range.lowerBound
        while scalar <= min(range.upperBound, 127) {
            if scalar < 64 { asciiLow |= 1 << UInt64(scalar) } else { asciiHigh |= 1 << UInt64(scalar - 64) }
            scalar += 1
        }
    }

    mutating func add(_ other: CharacterClass) {
        if other.negated {
            for range in other.complementRanges() { add(range) }
        } else {
            for range in other.ranges { add(range) }
        }
    }

    func complementRanges() -> [ClosedRange<UInt32>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in sorted {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = max(next, range.upperBound &+ 1)
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return result
    }

    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        let inSet: Bool
        if scalar < 64 {
            inSet = asciiLow & (1 << UInt64(scalar)) != 0
        } else if scalar < 128 {
            inSet = asciiHigh & (1 << UInt64(scalar - 64)) != 0
        } else {
            inSet = ranges.contains { $0.contains(scalar) }
        }
        return inSet != negated
    }

    /// Membership read through a pointer: ASCII scalars touch only the bitmaps, so the
    /// `ranges` array is not retained on the hot path.
    @inline(__always)
    static func contains(_ cls: UnsafePointer<CharacterClass>, _ scalar: UInt32) -> Bool {
        if scalar < 64 { return (cls.pointee.asciiLow & (1 << UInt64(scalar)) != 0) != cls.pointee.negated }
        if scalar < 128 { return (cls.pointee.asciiHigh & (1 << UInt64(scalar - 64)) != 0) != cls.pointee.negated }
        return cls.pointee.contains(scalar)
    }

    static let digits: CharacterClass = { var c = CharacterClass(); c.add(48...57); return c }()
    static let word: CharacterClass = {
        var c = CharacterClass()
        c.add(48...57); c.add(65...90); c.add(95...95); c.add(97...122)
        return c
    }()
    /// ECMA-262 WhiteSpace and LineTerminator.
    static let space: CharacterClass = {
        var c = CharacterClass()
        for range: ClosedRange<UInt32> in [9...13, 32...32, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
                                           0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
                                           0xFEFF...0xFEFF] {
            c.add(range)
        }
        return c
    }()

    func inverted() -> CharacterClass {
        var copy = self
        copy.negated.toggle()
        return copy
    }
}

/// Why a pattern could not be parsed by our engine.
enum PatternSyntaxError: Error {
    /// Valid ECMA-262 we do not implement (lookaround, backreferences, `\p{…}`…): use the fallback.
    case unsupported(String)
    /// Not a valid regular expression.
    case invalid(String)
}

/// Recursive-descent parser for the ECMA-262 subset.
struct PatternParser {
    private let scalars: [UInt32]
    private var index = 0
    /// Groups open around the parse position: the parser and the matcher recurse once per
    /// level, so a hostile pattern of thousands of `(` would overflow the stack.
    private var depth = 0
    static let maximumDepth = 100

    init(_ source: String) {
        scalars = source.unicodeScalars.map(\.value)
    }

    mutating func parse() throws(PatternSyntaxError) -> PatternNode {
        let node = try parseAlternation()
        if index < scalars.count {
            // Only an unmatched ')' stops the top-level alternation early.
            throw .invalid("unmatched ')'")
        }
        return node
    }

    private var current: UInt32? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> UInt32? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func parseAlternation() throws(PatternSyntaxError) -> PatternNode {
        var branches = [try parseSequence()]
        while current == ascii("|") {
            index += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(PatternSyntaxError) -> PatternNode {
        var items: [PatternNode] = []
        while let c = current, c != ascii("|"), c != ascii(")") {
            let atom = try parseAtom()
            items.append(try parseQuantifier(atom))
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func parseQuantifier(_ atom: PatternNode) throws(PatternSyntaxError) -> PatternNode {
        guard let c = current else { return atom }
        var min = 0
        var max: Int?
        switch c {
        case ascii("*"): index += 1
        case ascii("+"): min = 1; index += 1
        case ascii("?"): max = 1; index += 1
        case ascii("{"):
            guard let (lower, upper, length) = braceQuantifier() else { return atom }
            min = lower
            max = upper
            index += length
        default: return atom
        }
        switch atom {
        case .startAnchor, .endAnchor, .wordBoundary: throw .invalid("nothing to repeat")
        default: break
        }
        if let max, max < min { throw .invalid("numbers out of order in {} quantifier") }
        var greedy = true
        if current == ascii("?") {
            greedy = false
            index += 1
        }
        return .repetition(atom, min: min, max: max, greedy: greedy)
    }

    /// Parses `{n}`, `{n,}`, `{n,m}` at the current position; nil when it is a literal brace.
    private func braceQuantifier() -> (Int, Int?, Int)? {
        var offset = 1
        func number() -> Int? {
            var value: Int?
            while let digit = peek(offset), digit >= 48, digit <= 57 {
                value = min((value ?? 0) * 10 + Int(digit - 48), 1_000_000)
                offset += 1
            }
            return value
        }
        guard let lower = number() else { return nil }
        if peek(offset) == ascii("}") { return (lower, lower, offset + 1) }
        guard peek(offset) == ascii(",") else { return nil }
        offset += 1
        let upper = number()
        guard peek(offset) == ascii("}") else { return nil }
        return (lower, upper, offset + 1)
    }

    private mutating func parseAtom() throws(PatternSyntaxError) -> PatternNode {
        guard let c = current else { throw .invalid("unexpected end of pattern") }
        index += 1
        switch c {
        case ascii("^"): return .startAnchor
        case ascii("$"): return .endAnchor
        case ascii("."): return .anyExceptNewline
        case ascii("("):
            if current == ascii("?") {
                guard peek(1) == ascii(":") else { throw .unsupported("lookaround or named group") }
                index += 2
            }
            guard depth < Self.maximumDepth else {
                throw .invalid("groups nested more than \(Self.maximumDepth) deep")
            }
            depth += 1
            defer { depth -= 1 }
            let inner = try parseAlternation()
            guard current == ascii(")") else { throw .invalid("missing ')'") }
            index += 1
            return inner
        case ascii("["): return .characterClass(try parseClass())
        case ascii("\\"): return try parseEscape()
        case ascii("*"), ascii("+"), ascii("?"): throw .invalid("nothing to repeat")
        case ascii("{"):
            index -= 1
            if braceQuantifier() != nil { throw .invalid("nothing to repeat") }
            index += 1
            return .scalar(c)
        default: return .scalar(c)
        }
    }

    private mutating func parseEscape() throws(PatternSyntaxError) -> PatternNode {
        guard let c = current else { throw .invalid("\\ at end of pattern") }
        switch c {
        case ascii("b"): index += 1; return .wordBoundary(true)
        case ascii("B"): index += 1; return .wordBoundary(false)
        case ascii("1")...ascii("9"): throw .unsupported("backreference")
        default:
            if let cls = try classEscape() { return .characterClass(cls) }
            return .scalar(try characterEscape())
        }
    }

    /// `\d \D \w \W \s \S` at the current position (after the backslash), consuming it.
    private mutating func classEscape() throws(PatternSyntaxError) -> CharacterClass? {
        guard let c = current else { return nil }
        let result: CharacterClass
        switch c {
        case ascii("d"): result = .digits
        case ascii("D"): result = CharacterClass.digits.inverted()
        case ascii("w"): result = .word
        case ascii("W"): result = CharacterClass.word.inverted()
        case ascii("s"): result = .space
        case ascii("S"): result = CharacterClass.space.inverted()
        case ascii("p"), ascii("P"): throw .unsupported("unicode property escape")
        default: return nil
        }
        index += 1
        return result
    }

    /// A single-character escape at the current position (after the backslash), consuming it.
    private mutating func characterEscape() throws(PatternSyntaxError) -> UInt32 {
        guard let c = current else { throw .invalid("\\ at end of pattern") }
        index += 1
        switch c {
        case ascii("t"): return 9
        case ascii("n"): return 10
        case ascii("v"): return 11
        case ascii("f"): return 12
        case ascii("r"): return 13
        case ascii("0"):
            if let next = current, next >= 48, next <= 57 { throw .unsupported("octal escape") }
            return 0
        case ascii("x"): return try hexDigits(2)
        case ascii("u"):
            if current == ascii("{") { throw .unsupported("\\u{…} escape") }
            let unit = try hexDigits(4)
            if unit >= 0xD800, unit < 0xDC00, current == ascii("\\"), peek(1) == ascii("u") {
                index += 2
                let low = try hexDigits(4)
                guard low >= 0xDC00, low < 0xE000 else { throw .unsupported("unpaired surrogate escape") }
                return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            if unit >= 0xD800, unit < 0xE000 { throw .unsupported("unpaired surrogate escape") }
            return unit
        case ascii("c"): throw .unsupported("control escape")
        case ascii("k"): throw .unsupported("named backreference")
        default:
            let isAlphanumeric = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
            if isAlphanumeric { throw .invalid("unknown escape") }
            return c
        }
    }

    private mutating func hexDigits(_ count: Int) throws(PatternSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let c = current else { throw .invalid("incomplete hex escape") }
            let digit: UInt32
            switch c {
            case 48...57: digit = c - 48
            case 65...70: digit = c - 55
            case 97...102: digit = c - 87
            default: throw .invalid("invalid hex escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseClass() throws(PatternSyntaxError) -> CharacterClass {
        var cls = CharacterClass()
        if current == ascii("^") {
            cls.negated = true
            index += 1
        }
        while true {
            guard let c = current else { throw .invalid("missing ']'") }
            if c == ascii("]") {
                index += 1
                return cls
            }
            guard let low = try classAtom(into: &cls) else { continue }
            if current == ascii("-"), let next = peek(1), next != ascii("]") {
                index += 1
                var probe = CharacterClass()
                guard let high = try classAtom(into: &probe) else {
                    // `[a-\d]`: the '-' is literal (annex B).
                    cls.add(low...low)
                    cls.add(45...45)
                    cls.add(probe)
                    continue
                }
                guard low <= high else { throw .invalid("range out of order in character class") }
                cls.add(low...high)
            } else {
                cls.add(low...low)
            }
        }
    }

    /// One class atom: returns its scalar, or adds a class escape to `cls` and returns nil.
    private mutating func classAtom(into cls: inout CharacterClass) throws(PatternSyntaxError) -> UInt32? {
        guard let c = current else { throw .invalid("missing ']'") }
        index += 1
        guard c == ascii("\\") else { return c }
        if let escape = try classEscape() {
            cls.add(escape)
            return nil
        }
        if current == ascii("b") {
            index += 1
            return 8
        }
        if current == ascii("-") {
            index += 1
            return 45
        }
        if let d = current, d >= 49, d <= 57 { throw .unsupported("octal escape in class") }
        return try characterEscape()
    }
}

@inline(__always)
func ascii(_ character: Unicode.Scalar) -> UInt32 { character.value }
