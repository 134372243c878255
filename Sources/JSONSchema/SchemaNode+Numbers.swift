import Foundation
import JSON

extension JSONValue {
    /// Compares two JSON numbers exactly (-1, 0, 1); nil when either is not a number.
    static func compareNumbers(_ lhs: JSONValue, _ rhs: JSONValue) -> Int? {
        switch (lhs, rhs) {
        case let (.integer(a), .integer(b)): return a < b ? -1 : (a > b ? 1 : 0)
        case let (.number(a), .number(b)): return a < b ? -1 : (a > b ? 1 : 0)
        case let (.integer(a), .number(b)): return compare(a, b)
        case let (.number(a), .integer(b)): return -compare(b, a)
        default: return nil
        }
    }

    /// -1, 0 or 1 comparing an `Int` to a `Double` exactly (no rounding through `Double`).
    private static func compare(_ integer: Int, _ double: Double) -> Int {
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

extension MultipleOf {
    init(value: JSONValue, integer: Int?, double: Double) {
        self.value = value
        self.integer = integer
        self.double = double
        self.decimal = integer == nil ? Decimal(string: String(double)) : nil
    }

    /// Whether `instance` (a JSON number) is an integer multiple of this divisor.
    ///
    /// Integer divisors use exact remainders; fractional divisors use decimal arithmetic on
    /// the shortest decimal form of both numbers (so 0.0075 is a multiple of 0.0001), and a
    /// quotient that overflows is "not a multiple".
    func divides(_ instance: JSONValue) -> Bool {
        let x: Double
        switch instance {
        case .integer(let i):
            if let integer { return i % integer == 0 }
            x = Double(i)
            if let fromInt = Decimal(string: String(i)), let result = decimalDivides(fromInt) { return result }
        case .number(let d):
            if integer != nil { return d.truncatingRemainder(dividingBy: double) == 0 }
            x = d
            if let fromDouble = Decimal(string: String(d)), let result = decimalDivides(fromDouble) { return result }
        default:
            return true
        }
        let quotient = x / double
        guard quotient.isFinite else { return false }
        return quotient == quotient.rounded()
    }

    private func decimalDivides(_ x: Decimal) -> Bool? {
        guard let decimal, !x.isNaN, !decimal.isNaN, !decimal.isZero else { return nil }
        var quotient = x / decimal
        guard !quotient.isNaN else { return nil }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, 0, .plain)
        return rounded == quotient
    }
}
