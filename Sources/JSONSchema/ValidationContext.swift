import JSON

/// State carried through one validation: whether errors are collected, where we are in the
/// instance, and the errors so far. In the short-circuit mode (`collect == false`) both arrays
/// stay empty, so nothing is allocated.
struct ValidationContext {
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    let collect: Bool
    var errors: [ValidationError] = []
    var path: [PathComponent] = []
    /// `$ref` nesting depth, bounded so a schema that refers to itself without consuming the
    /// instance (`{"$ref": "#"}`) fails instead of overflowing the stack.
    var referenceDepth = 0
    static let maximumReferenceDepth = 256

    init(collect: Bool) {
        self.collect = collect
    }

    var instancePointer: String {
        var result = ""
        for component in path {
            switch component {
            case .key(let key): result += "/" + JSONPointer.escape(key)
            case .index(let index): result += "/\(index)"
            }
        }
        return result
    }

    mutating func report(_ keyword: String, _ message: String) {
        errors.append(ValidationError(instancePointer: instancePointer, keyword: keyword, message: message))
    }
}

extension JSONValue {
    /// The JSON type name used in `type` messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// How a schema constant is written in messages (schema values only, never instance data).
    var schemaText: String {
        switch self {
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return String(b)
        case .null: return "null"
        case .array: return "[…]"
        case .object: return "{…}"
        }
    }
}
