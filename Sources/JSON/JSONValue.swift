/// A parsed JSON document.
///
/// Integers that fit in `Int` are kept exact as `.integer`; every other number is `.number`.
/// Equality follows JSON semantics: `1` and `1.0` are equal, objects compare by key/value,
/// arrays element by element.
public enum JSONValue: Sendable, Hashable {
    /// `null`
    case null
    /// `true` / `false`
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int`.
    case integer(Int)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object (member order is not kept; duplicate keys are rejected by the parser).
    case object([String: JSONValue])

    /// The member `key` of an object; nil when there is no such member or this is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}
