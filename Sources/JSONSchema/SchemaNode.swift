/// The JSON types named by the `type` keyword, as a bit set.
struct TypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1)
    static let boolean = TypeSet(rawValue: 2)
    static let integer = TypeSet(rawValue: 4)
    static let number = TypeSet(rawValue: 8)
    static let string = TypeSet(rawValue: 16)
    static let array = TypeSet(rawValue: 32)
    static let object = TypeSet(rawValue: 64)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }
}

/// One property of a `properties` keyword.
struct PropertyEntry {
    var schema: SchemaNode
    /// Also listed in `required` of the same schema (lets one pass check both).
    var isRequired: Bool
}

/// A compiled schema: every keyword's value checked and pre-processed once.
///
/// Nodes are mutated only while ``SchemaCompiler`` runs (refs are wired after all nodes exist,
/// which allows recursion); afterwards they are read-only, so sharing across threads is safe.
final class SchemaNode: @unchecked Sendable {
    /// Schema pointer of this node within the document (for diagnostics).
    let pointer: String
    /// `true` / `false` boolean schema; nil for an object schema.
    var constantResult: Bool?

    var types: TypeSet?
    var typeDescription = ""
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var hasConst = false

    // Numbers (JSON numbers as `.integer` or `.number`).
    var minimum: JSONValue?
    var maximum: JSONValue?
    var exclusiveMinimum: JSONValue?
    var exclusiveMaximum: JSONValue?
    var multipleOf: MultipleOf?

    // Strings.
    var minLength: Int?
    var maxLength: Int?
    var pattern: Pattern?
    var format: Format?

    // Objects.
    var properties: [String: PropertyEntry] = [:]
    /// `required` names with a `properties` entry, counted during the properties pass.
    var requiredInPropertiesCount = 0
    /// `required` names without a `properties` entry, looked up separately.
    var requiredElsewhere: [String] = []
    /// All `required` names in schema order (for messages).
    var required: [String] = []
    var patternProperties: [(Pattern, SchemaNode)] = []
    var additionalProperties: SchemaNode?
    var propertyNames: SchemaNode?
    var minProperties: Int?
    var maxProperties: Int?
    var dependentRequired: [(String, [String])] = []
    var dependentSchemas: [(String, SchemaNode)] = []
    var unevaluatedProperties: SchemaNode?

    // Arrays.
    var prefixItems: [SchemaNode] = []
    var items: SchemaNode?
    var minItems: Int?
    var maxItems: Int?

    // Applicators.
    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    var not: SchemaNode?
    var ifSchema: SchemaNode?
    var thenSchema: SchemaNode?
    var elseSchema: SchemaNode?
    var ref: SchemaNode?

    /// Whether the object pass is needed at all (skips work for non-object schemas).
    var hasObjectKeywords = false

    init(pointer: String) {
        self.pointer = pointer
    }
}

/// A pre-processed `multipleOf` divisor.
struct MultipleOf: Sendable {
    let value: JSONValue
    let integer: Int?
    let double: Double
}
