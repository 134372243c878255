import JSON

extension SchemaNode {
    /// Whether `instance` is valid, without collecting errors.
    @inline(__always)
    func isValid(_ instance: JSONValue, depth: Int = 0) -> Bool {
        var context = ValidationContext(collect: false)
        context.referenceDepth = depth
        return check(instance, &context)
    }

    /// Validates `instance`; in collecting mode reports every failure, otherwise stops at the first.
    func check(_ instance: JSONValue, _ context: inout ValidationContext) -> Bool {
        if let constantResult {
            if !constantResult, context.collect { context.report("false", "schema false: no value is allowed") }
            return constantResult
        }
        var valid = true
        let flags = self.flags

        if flags.contains(.ref), let ref {
            context.referenceDepth += 1
            defer { context.referenceDepth -= 1 }
            if context.referenceDepth > ValidationContext.maximumReferenceDepth {
                if context.collect { context.report("$ref", "$ref: nesting deeper than \(ValidationContext.maximumReferenceDepth) levels") }
                return false
            }
            if !ref.check(instance, &context) {
                if !context.collect { return false }
                valid = false
            }
        }

        if flags.contains(.type), let types, !Self.matches(types, instance) {
            if !context.collect { return false }
            context.report("type", "type: expected \(typeDescription), found \(instance.typeName)")
            valid = false
        }
        if flags.contains(.enumeration), !enumContains(instance) {
            if !context.collect { return false }
            let count = enumValues?.count ?? 0
            context.report("enum", "enum: not one of the \(count) allowed \(count == 1 ? "value" : "values")")
            valid = false
        }
        if flags.contains(.constant), let constValue, constValue != instance {
            if !context.collect { return false }
            context.report("const", "const: not the required value")
            valid = false
        }

        switch instance {
        case .string(let string):
            if flags.contains(.string), !checkString(string, &context) {
                if !context.collect { return false }
                valid = false
            }
        case .integer, .number:
            if flags.contains(.number), !checkNumber(instance, &context) {
                if !context.collect { return false }
                valid = false
            }
        case .object(let object):
            if flags.contains(.object), !checkObject(object, &context) {
                if !context.collect { return false }
                valid = false
            }
        case .array(let array):
            if flags.contains(.array), !checkArray(array, &context) {
                if !context.collect { return false }
                valid = false
            }
        case .null, .bool:
            break
        }

        if flags.contains(.applicators), !checkApplicators(instance, &context) {
            if !context.collect { return false }
            valid = false
        }
        return valid
    }

    /// Strings go through the hash table (exact code points) without touching the shared
    /// `enumValues` array; other values compare with JSON equality.
    private func enumContains(_ instance: JSONValue) -> Bool {
        if case .string(let string) = instance {
            return enumStrings.contains(string)
        }
        return enumValues?.contains(instance) ?? false
    }

    @inline(__always)
    static func matches(_ types: TypeSet, _ instance: JSONValue) -> Bool {
        switch instance {
        case .null: return types.contains(.null)
        case .bool: return types.contains(.boolean)
        case .integer: return types.contains(.integer) || types.contains(.number)
        case .number(let d):
            return types.contains(.number) || (types.contains(.integer) && d == d.rounded(.towardZero))
        case .string: return types.contains(.string)
        case .array: return types.contains(.array)
        case .object: return types.contains(.object)
        }
    }

    // MARK: Strings

    private func checkString(_ string: String, _ context: inout ValidationContext) -> Bool {
        var valid = true
        if minLength != nil || maxLength != nil {
            // UTF-8 length bounds the scalar count (1…4 bytes each): count only when needed.
            let bytes = string.utf8.count
            if let maxLength, bytes > maxLength {
                let length = string.unicodeScalars.count
                if length > maxLength {
                    if !context.collect { return false }
                    context.report("maxLength", "maxLength \(maxLength): has \(length) characters")
                    valid = false
                }
            }
            // Each scalar takes at most 4 bytes: there are at least ⌈bytes / 4⌉ of them.
            if let minLength, (bytes + 3) / 4 < minLength {
                let length = string.unicodeScalars.count
                if length < minLength {
                    if !context.collect { return false }
                    context.report("minLength", "minLength \(minLength): has \(length) characters")
                    valid = false
                }
            }
        }
        if let pattern {
            switch pattern.search(string) {
            case .match:
                break
            case .noMatch:
                if !context.collect { return false }
                context.report("pattern", "pattern \"\(pattern.source)\": does not match")
                valid = false
            case .stepLimitExceeded:
                if !context.collect { return false }
                context.report("pattern", "pattern \"\(pattern.source)\": too complex to evaluate (backtracking limit of \(Pattern.stepLimit) steps)")
                valid = false
            }
        }
        if let format, !format.accepts(string) {
            if !context.collect { return false }
            context.report("format", "format \"\(format.name)\": \(format.failure)")
            valid = false
        }
        return valid
    }

    // MARK: Numbers

    private func checkNumber(_ number: JSONValue, _ context: inout ValidationContext) -> Bool {
        var valid = true
        if let minimum, let order = JSONValue.compareNumbers(number, minimum), order < 0 {
            if !context.collect { return false }
            context.report("minimum", "minimum \(minimum.schemaText): is less")
            valid = false
        }
        if let maximum, let order = JSONValue.compareNumbers(number, maximum), order > 0 {
            if !context.collect { return false }
            context.report("maximum", "maximum \(maximum.schemaText): is greater")
            valid = false
        }
        if let exclusiveMinimum, let order = JSONValue.compareNumbers(number, exclusiveMinimum), order <= 0 {
            if !context.collect { return false }
            context.report("exclusiveMinimum", "exclusiveMinimum \(exclusiveMinimum.schemaText): is not greater")
            valid = false
        }
        if let exclusiveMaximum, let order = JSONValue.compareNumbers(number, exclusiveMaximum), order >= 0 {
            if !context.collect { return false }
            context.report("exclusiveMaximum", "exclusiveMaximum \(exclusiveMaximum.schemaText): is not less")
            valid = false
        }
        if let multipleOf, !multipleOf.divides(number) {
            if !context.collect { return false }
            context.report("multipleOf", "multipleOf \(multipleOf.value.schemaText): is not a multiple")
            valid = false
        }
        return valid
    }

    // MARK: Arrays

    private func checkArray(_ array: [JSONValue], _ context: inout ValidationContext) -> Bool {
        var valid = true
        if let minItems, array.count < minItems {
            if !context.collect { return false }
            context.report("minItems", "minItems \(minItems): has \(array.count) items")
            valid = false
        }
        if let maxItems, array.count > maxItems {
            if !context.collect { return false }
            context.report("maxItems", "maxItems \(maxItems): has \(array.count) items")
            valid = false
        }
        guard !prefixItems.isEmpty || items != nil else { return valid }
        for (index, element) in array.enumerated() {
            let schema: SchemaNode
            if index < prefixItems.count {
                schema = prefixItems[index]
            } else if let items {
                schema = items
            } else {
                break
            }
            if context.collect { context.path.append(.index(index)) }
            let ok = schema.check(element, &context)
            if context.collect { context.path.removeLast() }
            if !ok {
                if !context.collect { return false }
                valid = false
            }
        }
        return valid
    }

    // MARK: Applicators

    func checkApplicators(_ instance: JSONValue, _ context: inout ValidationContext) -> Bool {
        var valid = true
        for schema in allOf where !schema.check(instance, &context) {
            if !context.collect { return false }
            valid = false
        }
        let depth = context.referenceDepth
        if !anyOf.isEmpty, !anyOf.contains(where: { $0.isValid(instance, depth: depth) }) {
            if !context.collect { return false }
            context.report("anyOf", "anyOf: matches none of the \(anyOf.count) schemas")
            valid = false
        }
        if !oneOf.isEmpty {
            var matching = 0
            for schema in oneOf where schema.isValid(instance, depth: depth) {
                matching += 1
                if matching > 1 { break }
            }
            if matching != 1 {
                if !context.collect { return false }
                if matching == 0 {
                    context.report("oneOf", "oneOf: matches none of the \(oneOf.count) schemas")
                } else {
                    context.report("oneOf", "oneOf: matches more than one of the \(oneOf.count) schemas")
                }
                valid = false
            }
        }
        if let not, not.isValid(instance, depth: depth) {
            if !context.collect { return false }
            context.report("not", "not: matches the schema it must not match")
            valid = false
        }
        if let ifSchema {
            let branch = ifSchema.isValid(instance, depth: depth) ? thenSchema : elseSchema
            if let branch, !branch.check(instance, &context) {
                if !context.collect { return false }
                valid = false
            }
        }
        return valid
    }
}
