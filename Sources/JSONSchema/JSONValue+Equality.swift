extension JSONValue {
    /// JSON equality: numbers compare by mathematical value (`1 == 1.0`), strings by their
    /// Unicode scalars, arrays element-wise, objects by key set and values.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.integer(a), .number(b)), let (.number(b), .integer(a)): return JSONNumber.equal(a, b)
        case let (.string(a), .string(b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }

    /// Hashes consistently with ``==(_:_:)``: an integral double hashes like the integer.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer(let i): hasher.combine(2); hasher.combine(Double(i))
        case .number(let d): hasher.combine(2); hasher.combine(d)
        case .string(let s): hasher.combine(3); for scalar in s.unicodeScalars { hasher.combine(scalar) }
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .object(let o): hasher.combine(5); hasher.combine(o)
        }
    }
}

/// Exact comparisons between `Int` and `Double`.
enum JSONNumber {
    /// Whether an `Int` and a `Double` denote the same number (no rounding through `Double`).
    static func equal(_ integer: Int, _ double: Double) -> Bool {
        guard let exact = Int(exactly: double) else { return false }
        return exact == integer
    }

    /// -1, 0 or 1 comparing an `Int` to a `Double` exactly.
    static func compare(_ integer: Int, _ double: Double) -> Int {
        if double.isNaN { return 0 }
        if double >= 9.223372036854775808e18 { return -1 }
        if double < -9.223372036854775808e18 { return 1 }
        let truncated = Int(double.rounded(.towardZero))
        if integer < truncated { return -1 }
        if integer > truncated { return 1 }
        let fraction = double - double.rounded(.towardZero)
        if fraction > 0 { return -1 }
        if fraction < 0 { return 1 }
        return 0
    }
}
