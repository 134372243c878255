import JSON

/// `$ref` resolution: runs after every schema position is compiled, so references may point
/// forwards, backwards or at themselves (recursion).
extension SchemaCompiler {
    mutating func resolveReferences() throws(SchemaError) {
        while let pending = pendingRefs.popLast() {
            pending.node.ref = try resolve(pending.reference, base: pending.base, at: pending.node.pointer + "/$ref")
            pending.node.flags.insert(.ref)
        }
    }

    /// Points `properties` entries and `$ref`s past nodes that hold nothing but a `$ref`
    /// (`{"$ref": "#/$defs/name"}`), saving a call per member. Cycles of such nodes are left alone.
    func collapseReferenceOnlyNodes() {
        func target(_ node: SchemaNode) -> SchemaNode {
            var current = node
            for _ in 0..<64 {
                guard current.constantResult == nil, current.flags == [.ref], let next = current.ref else { return current }
                current = next
            }
            return node
        }
        for node in allNodes {
            if let ref = node.ref { node.ref = target(ref) }
            if !node.properties.isEmpty {
                node.properties = node.properties.mapValues { entry in
                    PropertyEntry(schema: target(entry.schema), isRequired: entry.isRequired)
                }
            }
        }
    }

    private mutating func resolve(_ reference: String, base: URIReference, at pointer: String) throws(SchemaError) -> SchemaNode {
        let target = URIReference(reference).resolved(against: base)
        let resourceKey = target.withoutFragment.text
        guard let resource = resources[resourceKey] else {
            throw SchemaError(kind: .unsupported, schemaPointer: pointer,
                              message: "unsupported: remote $ref \"\(reference)\" (only references within this document are supported)")
        }
        let fragment = target.fragment ?? ""
        let absolutePointer: String
        if fragment.isEmpty {
            absolutePointer = resource.pointer
        } else if fragment.hasPrefix("/") {
            guard let decoded = JSONPointer.percentDecode(fragment), let tokens = JSONPointer.tokens(decoded) else {
                throw invalid(pointer, "$ref \"\(reference)\" has a malformed JSON pointer")
            }
            absolutePointer = resource.pointer + tokens.map { "/" + JSONPointer.escape($0) }.joined()
        } else {
            guard let anchored = anchors[target.text] else {
                throw SchemaError(kind: .unsupported, schemaPointer: pointer,
                                  message: "unsupported: $ref \"\(reference)\" names an anchor not defined in this document")
            }
            absolutePointer = anchored
        }
        if let node = nodesByPointer[absolutePointer] { return node }
        // A pointer to a place no keyword compiled (e.g. inside an unknown location): compile it now.
        guard let tokens = JSONPointer.tokens(absolutePointer), let value = Self.value(in: document, at: tokens) else {
            throw invalid(pointer, "$ref \"\(reference)\" points to nothing in this document")
        }
        return try compile(value, pointer: absolutePointer, base: resource.base)
    }

    static func value(in document: JSONValue, at tokens: [String]) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), index >= 0, index < items.count,
                      token == "0" || !token.hasPrefix("0") else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}
