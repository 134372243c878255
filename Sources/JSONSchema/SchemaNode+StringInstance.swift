import JSON

extension SchemaNode {
    /// `isValid(.string(string))` without wrapping the string in a `JSONValue` and without a
    /// `ValidationContext` (unless an applicator needs one): the keywords run in the same order
    /// with the same semantics, so the result is always the same. Errors come from `check`.
    func isValidString(_ string: String, depth: Int) -> Bool {
        if let constantResult { return constantResult }
        let flags = self.flags
        if flags.contains(.ref), let ref {
            let depth = depth + 1
            if depth > ValidationContext.maximumReferenceDepth { return false }
            if !ref.isValidString(string, depth: depth) { return false }
        }
        if flags.contains(.type), let types, !types.contains(.string) { return false }
        if flags.contains(.enumeration), !enumStrings.contains(string) { return false }
        if flags.contains(.constant), let constValue, constValue != .string(string) { return false }
        if flags.contains(.string), !stringKeywordsHold(string) { return false }
        if flags.contains(.applicators) {
            var context = ValidationContext(collect: false)
            context.referenceDepth = depth
            if !checkApplicators(.string(string), &context) { return false }
        }
        return true
    }

    /// `checkString` in short-circuit mode.
    private func stringKeywordsHold(_ string: String) -> Bool {
        if minLength != nil || maxLength != nil {
            // UTF-8 length bounds the scalar count (1…4 bytes each): count only when needed.
            let bytes = string.utf8.count
            if let maxLength, bytes > maxLength, string.unicodeScalars.count > maxLength { return false }
            if let minLength, (bytes + 3) / 4 < minLength, string.unicodeScalars.count < minLength { return false }
        }
        if let pattern, pattern.search(string) != .match { return false }
        if let format, !format.accepts(string) { return false }
        return true
    }
}

/// Checks bare strings against a compiled schema's root.
///
/// It keeps the ``JSONSchema`` it came from (``JSONSchema/unownedStringValidator``) alive, so
/// it is valid for as long as it exists. (The name dates from when it held the root
/// unretained.)
public struct UnownedStringValidator: Sendable {
    /// One reference, so that copying the validator (once per value on the mapper's fast path)
    /// costs one retain rather than one per member.
    let checker: StringChecker

    init(schema: JSONSchema) {
        checker = StringChecker(schema: schema)
    }

    /// The usual leaf shape (`$ref`s to one node with string keywords) flattened; nil: walk
    /// the nodes.
    var leaf: StringLeaf? { checker.leaf }

    /// Whether the string instance `value` satisfies the schema; the same result as
    /// `JSONSchema.isValid(.string(value))`.
    public func isValid(_ value: String) -> Bool {
        checker.isValid(value)
    }
}

/// What an ``UnownedStringValidator`` holds.
final class StringChecker: Sendable {
    /// Owns every node the checks reach (nodes link to each other `unowned`).
    let schema: JSONSchema
    let leaf: StringLeaf?

    init(schema: JSONSchema) {
        self.schema = schema
        leaf = StringLeaf(schema.root)
    }

    @inline(__always)
    func isValid(_ value: String) -> Bool {
        if let leaf { return leaf.isValid(value) }
        return schema.root.isValidString(value, depth: 0)
    }
}

/// A chain of nodes linked by `$ref` in which only one node has keywords that test strings
/// (`enum`, `minLength`, `maxLength`, `pattern`, `format`) and the others at most a `type`
/// that allows strings: `isValidString` on such a chain is exactly these checks of that one
/// node (every check is a pure test, so their order does not matter).
///
/// Holds the enum table and the pattern with ordinary references. (Unretained ones were
/// measured on read+map+validate, 50k rows, one worker: 2.9% fewer instructions and 5–9% more
/// rows/s, under the 10% that would justify them.)
final class StringLeaf: Sendable {
    let enumStrings: StringTable<Bool>?
    let minLength: Int?
    let maxLength: Int?
    let pattern: Pattern?
    let format: Format?

    /// Longest chain flattened (far below `ValidationContext.maximumReferenceDepth`).
    static let maximumChain = 8

    init?(_ root: SchemaNode) {
        var tested: SchemaNode?
        var node = root
        var length = 0
        while true {
            length += 1
            guard length <= Self.maximumChain, node.constantResult == nil else { return nil }
            let flags = node.flags
            // Number, object and array keywords never apply to a string; anything else
            // (const, applicators) keeps the general walk.
            guard flags.subtracting([.ref, .type, .enumeration, .string, .number, .object, .array]).isEmpty else { return nil }
            if flags.contains(.type) {
                guard let types = node.types, types.contains(.string) else { return nil }
            }
            if flags.contains(.enumeration) || flags.contains(.string) {
                guard tested == nil else { return nil }
                tested = node
            }
            guard flags.contains(.ref) else { break }
            guard let next = node.ref else { return nil }
            node = next
        }
        // No tested node: only types that allow strings, so every string is valid.
        let flags = tested?.flags ?? []
        enumStrings = flags.contains(.enumeration) ? tested?.enumStrings : nil
        let strings = flags.contains(.string) ? tested : nil
        minLength = strings?.minLength
        maxLength = strings?.maxLength
        pattern = strings?.pattern
        format = strings?.format
    }

    @inline(__always)
    func isValid(_ string: String) -> Bool {
        if let enumStrings, !enumStrings.contains(string) { return false }
        if minLength != nil || maxLength != nil {
            // UTF-8 length bounds the scalar count (1…4 bytes each): count only when needed.
            let bytes = string.utf8.count
            if let maxLength, bytes > maxLength, string.unicodeScalars.count > maxLength { return false }
            if let minLength, (bytes + 3) / 4 < minLength, string.unicodeScalars.count < minLength { return false }
        }
        if let pattern, pattern.search(string) != .match { return false }
        if let format, !format.accepts(string) { return false }
        return true
    }
}

extension JSONSchema {
    /// Whether the string instance `value` satisfies the schema: `isValid(.string(value))`
    /// without building the `JSONValue`.
    public func isValid(string value: String) -> Bool {
        unownedStringValidator.isValid(value)
    }

    /// A validator of string instances (it keeps this schema alive; see ``UnownedStringValidator``).
    public var unownedStringValidator: UnownedStringValidator {
        UnownedStringValidator(schema: self)
    }
}
