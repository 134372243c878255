import Foundation

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

/// Which keyword groups a node has, so validation skips absent ones without touching them.
struct NodeFlags: OptionSet, Sendable {
    let rawValue: UInt16
    static let ref = NodeFlags(rawValue: 1)
    static let type = NodeFlags(rawValue: 2)
    static let enumeration = NodeFlags(rawValue: 4)
    static let constant = NodeFlags(rawValue: 8)
    static let string = NodeFlags(rawValue: 16)
    static let number = NodeFlags(rawValue: 32)
    static let object = NodeFlags(rawValue: 64)
    static let array = NodeFlags(rawValue: 128)
    static let applicators = NodeFlags(rawValue: 256)
    static let patternProperties = NodeFlags(rawValue: 512)
    static let additionalProperties = NodeFlags(rawValue: 1024)
    static let propertyNames = NodeFlags(rawValue: 2048)
    static let objectExtras = NodeFlags(rawValue: 4096)
}

/// One property of a `properties` keyword.
struct PropertyEntry {
    /// The property's schema, unretained (the ``JSONSchema`` owns all nodes): calling through
    /// `_withUnsafeGuaranteedRef` costs no reference counting on the hot path.
    let link: Unmanaged<SchemaNode>
    /// Also listed in `required` of the same schema (lets one pass check both).
    var isRequired: Bool

    init(schema: SchemaNode, isRequired: Bool) {
        link = .passUnretained(schema)
        self.isRequired = isRequired
    }

    var schema: SchemaNode { link.takeUnretainedValue() }
}

/// A compiled schema: every keyword's value checked and pre-processed once.
///
/// Nodes are mutated only while ``SchemaCompiler`` runs (refs are wired after all nodes exist,
/// which allows recursion); afterwards they are read-only, so sharing across threads is safe.
///
/// Single child links are `unowned(unsafe)`: the compiled ``JSONSchema`` owns every node through
/// one array, which breaks `$ref` cycles and keeps validation free of reference counting.
/// Stored properties are `@exclusivity(unchecked)` for the same reason: they are written only
/// during compilation, so runtime exclusivity checks on every read would be pure cost.
final class SchemaNode: @unchecked Sendable {
    /// Schema pointer of this node within the document (for diagnostics).
    let pointer: String
    /// `true` / `false` boolean schema; nil for an object schema.
    @exclusivity(unchecked) var constantResult: Bool?

    @exclusivity(unchecked) var types: TypeSet?
    @exclusivity(unchecked) var typeDescription = ""
    @exclusivity(unchecked) var enumValues: [JSONValue]?
    /// String members of `enum`, so a 249-value code list costs one hash, not a linear scan.
    @exclusivity(unchecked) var enumStrings = StringTable<Bool>() {
        didSet { enumStringsLink = .passUnretained(enumStrings) }
    }
    /// `enumStrings` without reference counting, for the validation hot path.
    @exclusivity(unchecked) var enumStringsLink: Unmanaged<StringTable<Bool>>
    @exclusivity(unchecked) var constValue: JSONValue?
    @exclusivity(unchecked) var hasConst = false

    // Numbers (JSON numbers as `.integer` or `.number`).
    @exclusivity(unchecked) var minimum: JSONValue?
    @exclusivity(unchecked) var maximum: JSONValue?
    @exclusivity(unchecked) var exclusiveMinimum: JSONValue?
    @exclusivity(unchecked) var exclusiveMaximum: JSONValue?
    @exclusivity(unchecked) var multipleOf: MultipleOf?

    // Strings.
    @exclusivity(unchecked) var minLength: Int?
    @exclusivity(unchecked) var maxLength: Int?
    @exclusivity(unchecked) var pattern: Pattern? {
        didSet { patternLink = pattern.map { .passUnretained($0) } }
    }
    /// `pattern` without reference counting, for the validation hot path.
    @exclusivity(unchecked) var patternLink: Unmanaged<Pattern>?
    @exclusivity(unchecked) var format: Format?

    // Objects.
    @exclusivity(unchecked) var properties = StringTable<PropertyEntry>() {
        didSet { propertiesLink = .passUnretained(properties) }
    }
    /// `properties` without reference counting, for the validation hot path.
    @exclusivity(unchecked) var propertiesLink: Unmanaged<StringTable<PropertyEntry>>
    /// `required` names with a `properties` entry, counted during the properties pass.
    @exclusivity(unchecked) var requiredInPropertiesCount = 0
    /// `required` names without a `properties` entry, looked up separately.
    @exclusivity(unchecked) var requiredElsewhere: [String] = []
    /// All `required` names in schema order (for messages).
    @exclusivity(unchecked) var required: [String] = []
    @exclusivity(unchecked) var patternProperties: [(Pattern, SchemaNode)] = []
    @exclusivity(unchecked) unowned(unsafe) var additionalProperties: SchemaNode?
    @exclusivity(unchecked) unowned(unsafe) var propertyNames: SchemaNode?
    @exclusivity(unchecked) var minProperties: Int?
    @exclusivity(unchecked) var maxProperties: Int?
    @exclusivity(unchecked) var dependentRequired: [(String, [String])] = []
    @exclusivity(unchecked) var dependentSchemas: [(String, SchemaNode)] = []
    @exclusivity(unchecked) unowned(unsafe) var unevaluatedProperties: SchemaNode?

    // Arrays.
    @exclusivity(unchecked) var prefixItems: [SchemaNode] = []
    @exclusivity(unchecked) unowned(unsafe) var items: SchemaNode?
    @exclusivity(unchecked) var minItems: Int?
    @exclusivity(unchecked) var maxItems: Int?

    // Applicators.
    @exclusivity(unchecked) var allOf: [SchemaNode] = []
    @exclusivity(unchecked) var anyOf: [SchemaNode] = []
    @exclusivity(unchecked) var oneOf: [SchemaNode] = []
    @exclusivity(unchecked) unowned(unsafe) var not: SchemaNode?
    @exclusivity(unchecked) unowned(unsafe) var ifSchema: SchemaNode?
    @exclusivity(unchecked) unowned(unsafe) var thenSchema: SchemaNode?
    @exclusivity(unchecked) unowned(unsafe) var elseSchema: SchemaNode?
    @exclusivity(unchecked) unowned(unsafe) var ref: SchemaNode? {
        didSet { refLink = ref.map { .passUnretained($0) } }
    }
    /// `ref` without reference counting, for the validation hot path.
    @exclusivity(unchecked) var refLink: Unmanaged<SchemaNode>?

    /// Keyword groups present (set once compilation of the node is complete).
    @exclusivity(unchecked) var flags: NodeFlags = []

    init(pointer: String) {
        self.pointer = pointer
        propertiesLink = .passUnretained(properties)
        enumStringsLink = .passUnretained(enumStrings)
    }
}

/// A pre-processed `multipleOf` divisor.
struct MultipleOf: Sendable {
    let value: JSONValue
    /// Set when the divisor is a whole number (exact remainder arithmetic).
    let integer: Int?
    let double: Double
    /// Decimal form of a fractional divisor.
    let decimal: Decimal?
}
