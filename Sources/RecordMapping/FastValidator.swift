import JSON
import JSONSchema

/// An accelerator for the common case, valid rows, with exactly the schema's semantics.
///
/// When the schema has the plain shape of `inquiry-fields.schema.json` (an object with
/// `reference-id` and `fields`; `fields` an object with `properties`, `required` and
/// `additionalProperties`; nothing that relates fields to each other), a row is valid exactly
/// when each present value satisfies its property's own subschema, the required keys are
/// present and no key is disallowed. Each property subschema is compiled on its own (with the
/// document's `$defs`) and checked against the bare string, so no instance object is built.
/// Any row that fails here is validated again in full by the whole schema, which produces the
/// reported errors: messages and pointers always come from the schema itself.
///
/// Any other schema shape (anything this analysis does not recognise) disables the
/// accelerator and every row goes through the whole schema.
struct FastValidator: Sendable {
    /// Leaf schema per field key; nil value: the key is allowed and not validated.
    let fieldSchemas: [String: JSONSchema?]
    let additionalAllowed: Bool
    let requiredFields: [String]
    let referenceIDSchema: JSONSchema?
    let referenceIDAllowed: Bool
    let referenceIDRequired: Bool

    private static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "default", "examples"]

    /// Analyses a schema document; nil when its shape is not the plain one.
    init?(document: JSONValue) {
        guard case .object(let root) = document else { return nil }
        let defs = root["$defs"]
        guard Self.refsStayInDefs(document), Self.noNestedIDs(document, isRoot: true) else { return nil }
        let rootKeys: Set<String> = ["type", "properties", "required", "additionalProperties", "$defs"]
        guard Set(root.keys).subtracting(Self.annotations).isSubset(of: rootKeys) else { return nil }
        if let type = root["type"], type != .string("object") { return nil }
        var rootProperties: [String: JSONValue] = [:]
        if let properties = root["properties"] {
            guard case .object(let object) = properties else { return nil }
            rootProperties = object
        }
        let rootRequired = Self.strings(root["required"]) ?? []
        guard root["required"] == nil || Self.strings(root["required"]) != nil else { return nil }
        guard Set(rootRequired).isSubset(of: ["fields", "reference-id"]) else { return nil }
        let rootAdditionalFalse: Bool
        switch root["additionalProperties"] {
        case nil, .bool(true)?: rootAdditionalFalse = false
        case .bool(false)?: rootAdditionalFalse = true
        default: return nil
        }
        // reference-id
        if let schema = rootProperties["reference-id"] {
            guard let compiled = Self.compile(schema, defs: defs) else { return nil }
            referenceIDSchema = compiled
            referenceIDAllowed = true
        } else {
            referenceIDSchema = nil
            referenceIDAllowed = !rootAdditionalFalse
        }
        referenceIDRequired = rootRequired.contains("reference-id")
        // fields
        var fields: JSONValue
        if let declared = rootProperties["fields"] {
            fields = declared
        } else if rootAdditionalFalse {
            return nil
        } else {
            fields = .object([:])
        }
        if case .object(let object) = fields, object.count == 1, case .string(let ref)? = object["$ref"] {
            guard let target = Self.resolve(ref, defs: defs) else { return nil }
            fields = target
        }
        guard case .object(let fieldsSchema) = fields else { return nil }
        let fieldKeys: Set<String> = ["type", "properties", "required", "additionalProperties"]
        guard Set(fieldsSchema.keys).subtracting(Self.annotations).isSubset(of: fieldKeys) else { return nil }
        if let type = fieldsSchema["type"], type != .string("object") { return nil }
        switch fieldsSchema["additionalProperties"] {
        case nil, .bool(true)?: additionalAllowed = true
        case .bool(false)?: additionalAllowed = false
        default: return nil
        }
        guard fieldsSchema["required"] == nil || Self.strings(fieldsSchema["required"]) != nil else { return nil }
        requiredFields = Self.strings(fieldsSchema["required"]) ?? []
        var schemas: [String: JSONSchema?] = [:]
        if let properties = fieldsSchema["properties"] {
            guard case .object(let object) = properties else { return nil }
            for (key, schema) in object {
                guard let compiled = Self.compile(schema, defs: defs) else { return nil }
                schemas[key] = compiled
            }
        }
        fieldSchemas = schemas
    }

    /// True when the row is valid; false means "validate in full to learn why".
    func isValid(fields: [(key: String, value: String)], referenceID: String?) -> Bool {
        if let referenceID {
            guard referenceIDAllowed else { return false }
            if let referenceIDSchema, !referenceIDSchema.isValid(string: referenceID) { return false }
        } else if referenceIDRequired {
            return false
        }
        for field in fields {
            switch fieldSchemas[field.key] {
            case .some(.some(let schema)):
                if !schema.isValid(string: field.value) { return false }
            case .some(.none):
                continue
            case .none:
                if !additionalAllowed { return false }
            }
        }
        for key in requiredFields where !fields.contains(where: { $0.key == key }) {
            return false
        }
        return true
    }

    private static func strings(_ value: JSONValue?) -> [String]? {
        guard case .array(let items)? = value else { return nil }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { return nil }
            result.append(text)
        }
        return result
    }

    private static func resolve(_ ref: String, defs: JSONValue?) -> JSONValue? {
        guard ref.hasPrefix("#/$defs/"), case .object(let table)? = defs else { return nil }
        let name = String(ref.dropFirst("#/$defs/".count))
        guard !name.contains("/"), !name.contains("~") else { return nil }
        return table[name]
    }

    /// A property's subschema compiled on its own, with the document's `$defs` beside it.
    private static func compile(_ schema: JSONValue, defs: JSONValue?) -> JSONSchema?? {
        switch schema {
        case .bool(true): return .some(nil)
        case .object(var object):
            if let defs { object["$defs"] = defs }
            guard let compiled = try? JSONSchema(.object(object)) else { return nil }
            return .some(compiled)
        default:
            return nil
        }
    }

    /// Every `$ref` points into `#/$defs/` (so a subschema compiled with `$defs` resolves alike).
    private static func refsStayInDefs(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object):
            for (key, member) in object {
                if key == "$ref" {
                    guard case .string(let ref) = member, ref.hasPrefix("#/$defs/") else { return false }
                } else if !refsStayInDefs(member) {
                    return false
                }
            }
            return true
        case .array(let items):
            return items.allSatisfy(refsStayInDefs)
        default:
            return true
        }
    }

    private static func noNestedIDs(_ value: JSONValue, isRoot: Bool) -> Bool {
        switch value {
        case .object(let object):
            if !isRoot && (object["$id"] != nil || object["$anchor"] != nil) { return false }
            return object.values.allSatisfy { noNestedIDs($0, isRoot: false) }
        case .array(let items):
            return items.allSatisfy { noNestedIDs($0, isRoot: false) }
        default:
            return true
        }
    }
}

extension FastValidator {
    /// How one mapped value is checked on the fast path.
    enum Leaf: Sendable {
        case schema(JSONSchema)
        case unchecked
        case disallowed

        /// The same check without references: see `LeafCheck`.
        var check: LeafCheck {
            switch self {
            case .schema(let schema): .schema(schema.unownedStringValidator)
            case .unchecked: .unchecked
            case .disallowed: .disallowed
            }
        }
    }

    /// A `Leaf` as the per-row loop uses it: the schema's string check, flattened once.
    enum LeafCheck: Sendable {
        case schema(UnownedStringValidator)
        case unchecked
        case disallowed
    }

    /// The check of one plan step on the fast path.
    struct FieldCheck: Sendable {
        let leaf: LeafCheck
        /// The step's key is in the schema's `required` list.
        let required: Bool
    }

    /// The fast path resolved against one plan: a check per step, so rows do no lookups.
    /// A class, so a row retains one reference instead of copying each member.
    final class Resolved: Sendable {
        /// One per plan step, in step order.
        let checks: ContiguousArray<FieldCheck>
        let requiredCount: Int
        /// False when a required key has no step at all: every row goes the slow way.
        let possible: Bool
        let referenceIDCheck: LeafCheck
        let referenceIDRequired: Bool

        init(fields: [Leaf], requiredFlags: [Bool], requiredCount: Int, possible: Bool, referenceID: Leaf, referenceIDRequired: Bool) {
            self.checks = ContiguousArray(zip(fields, requiredFlags).map { FieldCheck(leaf: $0.check, required: $1) })
            self.requiredCount = requiredCount
            self.possible = possible
            self.referenceIDCheck = referenceID.check
            self.referenceIDRequired = referenceIDRequired
        }
    }

    func leaf(for key: String) -> Leaf {
        switch fieldSchemas[key] {
        case .some(.some(let schema)): .schema(schema)
        case .some(.none): .unchecked
        case .none: additionalAllowed ? .unchecked : .disallowed
        }
    }

    func resolve(_ plan: ShapePlan) -> Resolved {
        let keys = plan.fields.map(\.key)
        let required = Set(requiredFields)
        let referenceID: Leaf
        if let referenceIDSchema {
            referenceID = .schema(referenceIDSchema)
        } else {
            referenceID = referenceIDAllowed ? .unchecked : .disallowed
        }
        return Resolved(
            fields: keys.map(leaf(for:)),
            requiredFlags: keys.map(required.contains),
            requiredCount: required.count,
            possible: required.isSubset(of: keys) && (!referenceIDRequired || plan.referenceID != nil),
            referenceID: referenceID,
            referenceIDRequired: referenceIDRequired
        )
    }
}

extension FastValidator.LeafCheck {
    @inline(__always)
    func accepts(_ value: String) -> Bool {
        switch self {
        case .schema(let validator): validator.isValid(value)
        case .unchecked: true
        case .disallowed: false
        }
    }
}
