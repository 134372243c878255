import Foundation
import JSON

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
    /// The property's schema; `unowned` like the other child links (the ``JSONSchema`` owns
    /// all nodes, and a property may lead back to an ancestor through `$ref`).
    unowned let schema: SchemaNode
    /// Also listed in `required` of the same schema (lets one pass check both).
    var isRequired: Bool

    init(schema: SchemaNode, isRequired: Bool) {
        self.schema = schema
        self.isRequired = isRequired
    }
}

/// A compiled schema: every keyword's value checked and pre-processed once.
///
/// Nodes are mutated only while ``SchemaCompiler`` runs (refs are wired after all nodes exist,
/// which allows recursion); afterwards they are read-only, so sharing across threads is safe.
///
/// Single child links are `unowned`: the compiled ``JSONSchema`` owns every node through one
/// array, which breaks `$ref` cycles (a strong link would leak a recursive schema). They are
/// checked (a dangling link traps instead of reading freed memory); the owner keeps every node
/// alive while any validation runs, so the check never fires.
final class SchemaNode: @unchecked Sendable {
    /// Schema pointer of this node within the document (for diagnostics).
    let pointer: String
    /// `true` / `false` boolean schema; nil for an object schema.
    var constantResult: Bool?

    var types: TypeSet?
    var typeDescription = ""
    var enumValues: [JSONValue]?
    /// String members of `enum`, so a 249-value code list costs one hash, not a linear scan.
    var enumStrings = StringTable<Bool>()
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
    var properties = StringTable<PropertyEntry>()
    /// `required` names with a `properties` entry, counted during the properties pass.
    var requiredInPropertiesCount = 0
    /// `required` names without a `properties` entry, looked up separately.
    var requiredElsewhere: [String] = []
    /// All `required` names in schema order (for messages).
    var required: [String] = []
    var patternProperties: [(Pattern, SchemaNode)] = []
    unowned var additionalProperties: SchemaNode?
    unowned var propertyNames: SchemaNode?
    var minProperties: Int?
    var maxProperties: Int?
    var dependentRequired: [(String, [String])] = []
    var dependentSchemas: [(String, SchemaNode)] = []
    unowned var unevaluatedProperties: SchemaNode?

    // Arrays.
    var prefixItems: [SchemaNode] = []
    unowned var items: SchemaNode?
    var minItems: Int?
    var maxItems: Int?

    // Applicators.
    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    unowned var not: SchemaNode?
    unowned var ifSchema: SchemaNode?
    unowned var thenSchema: SchemaNode?
    unowned var elseSchema: SchemaNode?
    unowned var ref: SchemaNode?

    /// Keyword groups present (set once compilation of the node is complete).
    var flags: NodeFlags = []

    init(pointer: String) {
        self.pointer = pointer
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
