import JSON

extension SchemaNode {
    /// All object keywords in one pass over the instance's members.
    func checkObject(_ object: [String: JSONValue], _ context: inout ValidationContext) -> Bool {
        var valid = true
        let flags = self.flags
        if let minProperties, object.count < minProperties {
            if !context.collect { return false }
            context.report("minProperties", "minProperties \(minProperties): has \(object.count) properties")
            valid = false
        }
        if let maxProperties, object.count > maxProperties {
            if !context.collect { return false }
            context.report("maxProperties", "maxProperties \(maxProperties): has \(object.count) properties")
            valid = false
        }

        var requiredSeen = 0
        if context.collect {
            // Sorted for stable error order.
            for key in object.keys.sorted() {
                guard let value = object[key] else { continue }
                context.path.append(.key(key))
                if !checkMember(key, value, &context, requiredSeen: &requiredSeen) { valid = false }
                context.path.removeLast()
            }
        } else {
            for (key, value) in object where !checkMember(key, value, &context, requiredSeen: &requiredSeen) {
                return false
            }
        }

        if requiredSeen < requiredInPropertiesCount {
            if !context.collect { return false }
            for name in required where properties.contains(name) && object[name] == nil {
                context.report("required", "required: missing property \"\(name)\"")
            }
            valid = false
        }
        if flags.contains(.objectExtras), !checkObjectExtras(object, &context) {
            if !context.collect { return false }
            valid = false
        }
        return valid
    }

    /// The rarer object keywords: `required` names without a `properties` entry,
    /// `dependentRequired`, `dependentSchemas`, `unevaluatedProperties`.
    private func checkObjectExtras(_ object: [String: JSONValue], _ context: inout ValidationContext) -> Bool {
        var valid = true
        for name in requiredElsewhere where object[name] == nil {
            if !context.collect { return false }
            context.report("required", "required: missing property \"\(name)\"")
            valid = false
        }
        for (name, dependents) in dependentRequired where object[name] != nil {
            for dependent in dependents where object[dependent] == nil {
                if !context.collect { return false }
                context.report("dependentRequired", "dependentRequired: missing property \"\(dependent)\" (required when \"\(name)\" is present)")
                valid = false
            }
        }
        for (name, schema) in dependentSchemas where object[name] != nil {
            if !schema.check(.object(object), &context) {
                if !context.collect { return false }
                valid = false
            }
        }
        if let unevaluatedProperties {
            var evaluated: Set<String> = []
            collectEvaluatedProperties(object, into: &evaluated, depth: context.referenceDepth, ownUnevaluated: false)
            let keys = context.collect ? object.keys.sorted() : Array(object.keys)
            for key in keys where !evaluated.contains(key) {
                guard let value = object[key] else { continue }
                if context.collect { context.path.append(.key(key)) }
                var ok: Bool
                if unevaluatedProperties.constantResult == false {
                    ok = false
                    if context.collect { context.report("unevaluatedProperties", "unevaluatedProperties: not allowed") }
                } else {
                    ok = unevaluatedProperties.check(value, &context)
                }
                if context.collect { context.path.removeLast() }
                if !ok {
                    if !context.collect { return false }
                    valid = false
                }
            }
        }
        return valid
    }

    /// `properties`, `patternProperties`, `additionalProperties` and `propertyNames` for one member.
    @inline(__always)
    private func checkMember(
        _ key: String, _ value: JSONValue, _ context: inout ValidationContext, requiredSeen: inout Int
    ) -> Bool {
        var valid = true
        var matched = false
        if let entry = properties[key] {
            matched = true
            if entry.isRequired { requiredSeen += 1 }
            if !entry.schema.check(value, &context) {
                if !context.collect { return false }
                valid = false
            }
        }
        let flags = self.flags
        if flags.contains(.patternProperties) {
            for (pattern, schema) in patternProperties where pattern.search(key) == .match {
                matched = true
                if !schema.check(value, &context) {
                    if !context.collect { return false }
                    valid = false
                }
            }
        }
        if !matched, flags.contains(.additionalProperties), let additionalProperties {
            if additionalProperties.constantResult == false {
                if !context.collect { return false }
                context.report("additionalProperties", "additionalProperties: property not allowed")
                valid = false
            } else if !additionalProperties.check(value, &context) {
                if !context.collect { return false }
                valid = false
            }
        }
        if flags.contains(.propertyNames), let propertyNames, !propertyNames.isValid(.string(key), depth: context.referenceDepth) {
            if !context.collect { return false }
            context.report("propertyNames", "propertyNames: property name does not satisfy the schema")
            valid = false
        }
        return valid
    }

    /// Properties this schema "evaluated" for `unevaluatedProperties` (2020-12 annotations):
    /// from `properties`, `patternProperties`, `additionalProperties`, and subschemas that passed.
    ///
    /// `ownUnevaluated` is false for the schema whose `unevaluatedProperties` is being applied
    /// (it must not see its own result), true for nested schemas.
    func collectEvaluatedProperties(
        _ object: [String: JSONValue], into evaluated: inout Set<String>, depth: Int, ownUnevaluated: Bool = true
    ) {
        guard constantResult == nil, depth <= ValidationContext.maximumReferenceDepth else { return }
        let instance = JSONValue.object(object)
        if additionalProperties != nil || (ownUnevaluated && unevaluatedProperties != nil) {
            evaluated.formUnion(object.keys)
            return
        }
        for key in object.keys {
            if properties[key] != nil || patternProperties.contains(where: { $0.0.search(key) == .match }) {
                evaluated.insert(key)
            }
        }
        if let ref { ref.collectEvaluatedProperties(object, into: &evaluated, depth: depth + 1) }
        for schema in allOf { schema.collectEvaluatedProperties(object, into: &evaluated, depth: depth) }
        for schema in anyOf + oneOf where schema.isValid(instance, depth: depth) {
            schema.collectEvaluatedProperties(object, into: &evaluated, depth: depth)
        }
        for (name, schema) in dependentSchemas where object[name] != nil {
            schema.collectEvaluatedProperties(object, into: &evaluated, depth: depth)
        }
        if let ifSchema {
            if ifSchema.isValid(instance, depth: depth) {
                ifSchema.collectEvaluatedProperties(object, into: &evaluated, depth: depth)
                thenSchema?.collectEvaluatedProperties(object, into: &evaluated, depth: depth)
            } else {
                elseSchema?.collectEvaluatedProperties(object, into: &evaluated, depth: depth)
            }
        }
    }
}
