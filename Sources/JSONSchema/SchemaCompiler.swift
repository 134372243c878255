import JSON

/// Turns a schema document into a tree (graph, with `$ref`) of ``SchemaNode``s, checking every
/// keyword. Nothing is half-applied: any problem throws before a ``JSONSchema`` exists.
struct SchemaCompiler {
    let document: JSONValue
    var nodesByPointer: [String: SchemaNode] = [:]
    /// Absolute URI (no fragment) of each schema resource → (its pointer, its base URI).
    var resources: [String: (pointer: String, base: URIReference)] = [:]
    /// Absolute URI with a plain-name fragment → pointer of the schema carrying `$anchor`.
    var anchors: [String: String] = [:]
    var pendingRefs: [(node: SchemaNode, reference: String, base: URIReference)] = []
    /// Owns every node (child links are unowned).
    var allNodes: [SchemaNode] = []

    /// The base URI of a document without `$id`; anything resolving outside it is "remote".
    static let documentBase = URIReference("urn:persona-import:schema-document")

    static let knownDraft: Set<String> = [
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/schema#",
    ]

    let dialect: SchemaDialect

    init(document: JSONValue, dialect: SchemaDialect = .jsonSchema) {
        self.document = document
        self.dialect = dialect
    }

    /// Compiles the schema at `pointer` (the whole document when empty); `$ref`s resolve
    /// against the whole document, and only what the schema reaches is compiled.
    mutating func compileDocument(at pointer: String = "") throws(SchemaError) -> SchemaNode {
        resources[Self.documentBase.text] = ("", Self.documentBase)
        guard let tokens = JSONPointer.tokens(pointer), let value = Self.value(in: document, at: tokens) else {
            throw invalid(pointer, "no schema at this pointer in the document")
        }
        let root = try compile(value, pointer: pointer, base: Self.documentBase)
        try resolveReferences()
        collapseReferenceOnlyNodes()
        return root
    }

    // MARK: Errors

    func invalid(_ pointer: String, _ message: String) -> SchemaError {
        SchemaError(kind: .invalidValue, schemaPointer: pointer, message: message)
    }

    // MARK: Reading keyword values

    private func nonNegativeInteger(_ value: JSONValue, _ pointer: String, _ keyword: String) throws(SchemaError) -> Int {
        switch value {
        case .integer(let i) where i >= 0: return i
        case .number(let d) where d >= 0 && d == d.rounded() && d < 9e18: return Int(d)
        default: throw invalid(pointer, "\(keyword) must be a non-negative integer")
        }
    }

    private func number(_ value: JSONValue, _ pointer: String, _ keyword: String) throws(SchemaError) -> JSONValue {
        switch value {
        case .integer, .number: return value
        default: throw invalid(pointer, "\(keyword) must be a number")
        }
    }

    private func string(_ value: JSONValue, _ pointer: String, _ keyword: String) throws(SchemaError) -> String {
        guard case .string(let s) = value else { throw invalid(pointer, "\(keyword) must be a string") }
        return s
    }

    private func uniqueStrings(_ value: JSONValue, _ pointer: String, _ keyword: String) throws(SchemaError) -> [String] {
        guard case .array(let items) = value else { throw invalid(pointer, "\(keyword) must be an array of strings") }
        var result: [String] = []
        var seen: Set<String> = []
        for item in items {
            guard case .string(let s) = item else { throw invalid(pointer, "\(keyword) must be an array of strings") }
            guard seen.insert(s).inserted else { throw invalid(pointer, "\(keyword) lists \"\(s)\" twice") }
            result.append(s)
        }
        return result
    }

    private func object(_ value: JSONValue, _ pointer: String, _ keyword: String) throws(SchemaError) -> [String: JSONValue] {
        guard case .object(let members) = value else { throw invalid(pointer, "\(keyword) must be an object") }
        return members
    }

    private mutating func schemaArray(
        _ value: JSONValue, _ pointer: String, _ keyword: String, _ base: URIReference
    ) throws(SchemaError) -> [SchemaNode] {
        guard case .array(let items) = value, !items.isEmpty else {
            throw invalid(pointer, "\(keyword) must be a non-empty array of schemas")
        }
        var nodes: [SchemaNode] = []
        for (i, item) in items.enumerated() {
            nodes.append(try compile(item, pointer: pointer + "/\(i)", base: base))
        }
        return nodes
    }

    private mutating func schemaMap(
        _ value: JSONValue, _ pointer: String, _ keyword: String, _ base: URIReference
    ) throws(SchemaError) -> [(String, SchemaNode)] {
        let members = try object(value, pointer, keyword)
        var result: [(String, SchemaNode)] = []
        for key in members.keys.sorted() {
            guard let member = members[key] else { continue }
            result.append((key, try compile(member, pointer: pointer + "/" + JSONPointer.escape(key), base: base)))
        }
        return result
    }

    // MARK: Compiling one schema

    mutating func compile(_ value: JSONValue, pointer: String, base inheritedBase: URIReference) throws(SchemaError) -> SchemaNode {
        if let existing = nodesByPointer[pointer] { return existing }
        let node = SchemaNode(pointer: pointer)
        allNodes.append(node)
        nodesByPointer[pointer] = node
        let members: [String: JSONValue]
        switch value {
        case .bool(let b):
            node.constantResult = b
            return node
        case .object(let m):
            members = m
        default:
            throw invalid(pointer, "a schema must be an object or a boolean")
        }

        // $id first: it sets the base URI for everything inside, including this $ref.
        var base = inheritedBase
        if let idValue = members["$id"] {
            let id = try string(idValue, pointer + "/$id", "$id")
            let reference = URIReference(id)
            if let fragment = reference.fragment, !fragment.isEmpty {
                throw invalid(pointer + "/$id", "$id must not contain a non-empty fragment")
            }
            base = reference.resolved(against: inheritedBase).withoutFragment
            resources[base.text] = (pointer, base)
        }
        if let anchorValue = members["$anchor"] {
            let anchor = try string(anchorValue, pointer + "/$anchor", "$anchor")
            guard Self.isValidAnchor(anchor) else { throw invalid(pointer + "/$anchor", "$anchor is not a valid anchor name") }
            var uri = base
            uri.fragment = anchor
            anchors[uri.text] = pointer
        }

        for key in members.keys.sorted() {
            guard let member = members[key] else { continue }
            try compileKeyword(key, member, node: node, members: members, pointer: pointer, base: base)
        }
        finishKeywords(node)
        return node
    }

    static func isValidAnchor(_ anchor: String) -> Bool {
        guard let first = anchor.unicodeScalars.first,
              first.properties.isAlphabetic && first.isASCII || first == "_" else { return false }
        return anchor.unicodeScalars.allSatisfy { s in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "-_.".unicodeScalars.contains(s))
        }
    }

    private mutating func compileKeyword(
        _ key: String, _ value: JSONValue, node: SchemaNode, members: [String: JSONValue],
        pointer: String, base: URIReference
    ) throws(SchemaError) {
        let here = pointer + "/" + JSONPointer.escape(key)
        switch key {
        // Identifiers and annotations.
        case "$id", "$anchor":
            break  // handled before the other keywords
        case "$schema":
            let uri = try string(value, here, key)
            guard Self.knownDraft.contains(uri) else {
                throw SchemaError(kind: .unsupported, schemaPointer: here,
                                  message: "unsupported: $schema \"\(uri)\" (only draft 2020-12 is supported)")
            }
        case "title", "description", "$comment":
            _ = try string(value, here, key)
        case "default", "examples", "deprecated", "readOnly", "writeOnly":
            break
        case "contentMediaType", "contentEncoding":
            _ = try string(value, here, key)
        case "contentSchema":
            break  // an annotation: 2020-12 does not assert the content vocabulary
        case "$defs":
            _ = try schemaMap(value, here, key, base)

        // Any instance.
        case "type":
            var set = TypeSet()
            var names: [String] = []
            switch value {
            case .string(let name):
                guard let t = TypeSet(name: name) else { throw invalid(here, "type \"\(name)\" is not a JSON Schema type") }
                set = t
                names = [name]
            case .array(let items):
                for item in items {
                    guard case .string(let name) = item, let t = TypeSet(name: name) else {
                        throw invalid(here, "type must list JSON Schema type names")
                    }
                    guard !set.contains(t) else { throw invalid(here, "type lists \"\(name)\" twice") }
                    set.insert(t)
                    names.append(name)
                }
            default:
                throw invalid(here, "type must be a string or an array of strings")
            }
            node.types = set
            node.typeDescription = names.joined(separator: " or ")
        case "enum":
            guard case .array(let items) = value else { throw invalid(here, "enum must be an array") }
            node.enumValues = items
            var strings: [(String, Bool)] = []
            for case .string(let member) in items { strings.append((member, true)) }
            node.enumStrings = StringTable(strings)
        case "const":
            node.constValue = value
            node.hasConst = true

        // Numbers.
        case "minimum": node.minimum = try number(value, here, key)
        case "maximum": node.maximum = try number(value, here, key)
        case "exclusiveMinimum": node.exclusiveMinimum = try number(value, here, key)
        case "exclusiveMaximum": node.exclusiveMaximum = try number(value, here, key)
        case "multipleOf":
            switch try number(value, here, key) {
            case .integer(let i) where i > 0:
                node.multipleOf = MultipleOf(value: value, integer: i, double: Double(i))
            case .number(let d) where d > 0:
                node.multipleOf = MultipleOf(value: value, integer: Int(exactly: d), double: d)
            default:
                throw invalid(here, "multipleOf must be greater than 0")
            }

        // Strings.
        case "minLength": node.minLength = try nonNegativeInteger(value, here, key)
        case "maxLength": node.maxLength = try nonNegativeInteger(value, here, key)
        case "pattern":
            let source = try string(value, here, key)
            do {
                node.pattern = try Pattern(source)
            } catch {
                throw invalid(here, "pattern \"\(source)\" is not a valid ECMA-262 regular expression: \(error.reason)")
            }
        case "format":
            node.format = Format(name: try string(value, here, key))  // unknown formats: annotation only

        // Objects.
        case "properties":
            let requiredNames = Set((try? uniqueStrings(members["required"] ?? .array([]), here, "required")) ?? [])
            node.properties = StringTable(try schemaMap(value, here, key, base).map { name, schema in
                (name, PropertyEntry(schema: schema, isRequired: requiredNames.contains(name)))
            })
        case "required":
            node.required = try uniqueStrings(value, here, key)
        case "patternProperties":
            let map = try object(value, here, key)
            for name in map.keys.sorted() {
                guard let schemaValue = map[name] else { continue }
                let childPointer = here + "/" + JSONPointer.escape(name)
                let compiled: Pattern
                do {
                    compiled = try Pattern(name)
                } catch {
                    throw invalid(childPointer, "patternProperties name \"\(name)\" is not a valid regular expression: \(error.reason)")
                }
                node.patternProperties.append((compiled, try compile(schemaValue, pointer: childPointer, base: base)))
            }
        case "additionalProperties":
            node.additionalProperties = try compile(value, pointer: here, base: base)
        case "unevaluatedProperties":
            node.unevaluatedProperties = try compile(value, pointer: here, base: base)
        case "propertyNames":
            node.propertyNames = try compile(value, pointer: here, base: base)
        case "minProperties": node.minProperties = try nonNegativeInteger(value, here, key)
        case "maxProperties": node.maxProperties = try nonNegativeInteger(value, here, key)
        case "dependentRequired":
            let map = try object(value, here, key)
            for name in map.keys.sorted() {
                guard let list = map[name] else { continue }
                node.dependentRequired.append(
                    (name, try uniqueStrings(list, here + "/" + JSONPointer.escape(name), "dependentRequired")))
            }
        case "dependentSchemas":
            node.dependentSchemas = try schemaMap(value, here, key, base)

        // Arrays.
        case "prefixItems": node.prefixItems = try schemaArray(value, here, key, base)
        case "items": node.items = try compile(value, pointer: here, base: base)
        case "minItems": node.minItems = try nonNegativeInteger(value, here, key)
        case "maxItems": node.maxItems = try nonNegativeInteger(value, here, key)

        // Applicators.
        case "allOf": node.allOf = try schemaArray(value, here, key, base)
        case "anyOf": node.anyOf = try schemaArray(value, here, key, base)
        case "oneOf": node.oneOf = try schemaArray(value, here, key, base)
        case "not": node.not = try compile(value, pointer: here, base: base)
        case "if": node.ifSchema = try compile(value, pointer: here, base: base)
        case "then": node.thenSchema = try compile(value, pointer: here, base: base)
        case "else": node.elseSchema = try compile(value, pointer: here, base: base)
        case "$ref":
            pendingRefs.append((node, try string(value, here, key), base))

        default:
            if dialect.isAnnotation(key) { break }
            throw SchemaError(kind: .unknownKeyword, schemaPointer: here,
                              message: "unknown keyword \"\(key)\" (not supported by this validator)")
        }
    }

    private func finishKeywords(_ node: SchemaNode) {
        node.requiredInPropertiesCount = node.required.filter { node.properties.contains($0) }.count
        node.requiredElsewhere = node.required.filter { !node.properties.contains($0) }
        var flags: NodeFlags = []
        if node.types != nil { flags.insert(.type) }
        if node.enumValues != nil { flags.insert(.enumeration) }
        if node.hasConst { flags.insert(.constant) }
        if node.minLength != nil || node.maxLength != nil || node.pattern != nil || node.format != nil {
            flags.insert(.string)
        }
        if node.minimum != nil || node.maximum != nil || node.exclusiveMinimum != nil
            || node.exclusiveMaximum != nil || node.multipleOf != nil {
            flags.insert(.number)
        }
        if !node.prefixItems.isEmpty || node.items != nil || node.minItems != nil || node.maxItems != nil {
            flags.insert(.array)
        }
        if !node.allOf.isEmpty || !node.anyOf.isEmpty || !node.oneOf.isEmpty || node.not != nil
            || node.ifSchema != nil {
            flags.insert(.applicators)
        }
        let hasObjectKeywords = !node.properties.isEmpty || !node.required.isEmpty
            || !node.patternProperties.isEmpty || node.additionalProperties != nil
            || node.propertyNames != nil || node.minProperties != nil || node.maxProperties != nil
            || !node.dependentRequired.isEmpty || !node.dependentSchemas.isEmpty
            || node.unevaluatedProperties != nil
        if hasObjectKeywords { flags.insert(.object) }
        if !node.patternProperties.isEmpty { flags.insert(.patternProperties) }
        if node.additionalProperties != nil { flags.insert(.additionalProperties) }
        if node.propertyNames != nil { flags.insert(.propertyNames) }
        if !node.requiredElsewhere.isEmpty || !node.dependentRequired.isEmpty || !node.dependentSchemas.isEmpty
            || node.unevaluatedProperties != nil {
            flags.insert(.objectExtras)
        }
        node.flags = flags
    }
}
