extension SchemaNode {
    /// `isValid(.string(string))` without wrapping the string in a `JSONValue` and without a
    /// `ValidationContext` (unless an applicator needs one): the keywords run in the same order
    /// with the same semantics, so the result is always the same. Errors come from `check`.
    func isValidString(_ string: String, depth: Int) -> Bool {
        if let constantResult { return constantResult }
        let flags = self.flags
        if flags.contains(.ref), let refLink {
            let depth = depth + 1
            if depth > ValidationContext.maximumReferenceDepth { return false }
            if !refLink._withUnsafeGuaranteedRef({ $0.isValidString(string, depth: depth) }) { return false }
        }
        if flags.contains(.type), let types, !types.contains(.string) { return false }
        if flags.contains(.enumeration), !enumStringsLink._withUnsafeGuaranteedRef({ $0.contains(string) }) { return false }
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
        if let patternLink, patternLink._withUnsafeGuaranteedRef({ $0.search(string) }) != .match { return false }
        if let format, !format.accepts(string) { return false }
        return true
    }
}

/// Checks bare strings against a compiled schema's root without reference counting.
///
/// It does not keep the schema alive: use it only while the ``JSONSchema`` it came from
/// (``JSONSchema/unownedStringValidator``) is kept alive by its owner.
public struct UnownedStringValidator: @unchecked Sendable {
    // @unchecked: nodes are read-only after compilation (see `SchemaNode`).
    // Unretained: the owner of this value keeps the `JSONSchema` (which owns every node) alive
    // for as long as it uses the validator; copying or calling it costs no reference counting.
    let root: Unmanaged<SchemaNode>
    /// The usual leaf shape (`$ref`s to one node with string keywords) flattened; nil: walk
    /// the nodes.
    let leaf: StringLeaf?

    init(root: SchemaNode) {
        self.root = .passUnretained(root)
        self.leaf = StringLeaf(root)
    }

    /// Whether the string instance `value` satisfies the schema; the same result as
    /// `JSONSchema.isValid(.string(value))`.
    public func isValid(_ value: String) -> Bool {
        if let leaf { return leaf.isValid(value) }
        return root._withUnsafeGuaranteedRef { $0.isValidString(value, depth: 0) }
    }
}

/// A chain of nodes linked by `$ref` in which only one node has keywords that test strings
/// (`enum`, `minLength`, `maxLength`, `pattern`, `format`) and the others at most a `type`
/// that allows strings: `isValidString` on such a chain is exactly these checks of that one
/// node (every check is a pure test, so their order does not matter).
struct StringLeaf {
    let enumStrings: Unmanaged<StringTable<Bool>>?
    let minLength: Int?
    let maxLength: Int?
    let pattern: Unmanaged<Pattern>?
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
            guard let next = node.refLink?.takeUnretainedValue() else { return nil }
            node = next
        }
        guard let tested else {
            // Only types that allow strings: every string is valid.
            enumStrings = nil
            minLength = nil
            maxLength = nil
            pattern = nil
            format = nil
            return
        }
        let flags = tested.flags
        enumStrings = flags.contains(.enumeration) ? tested.enumStringsLink : nil
        if flags.contains(.string) {
            minLength = tested.minLength
            maxLength = tested.maxLength
            pattern = tested.patternLink
            format = tested.format
        } else {
            minLength = nil
            maxLength = nil
            pattern = nil
            format = nil
        }
    }

    @inline(__always)
    func isValid(_ string: String) -> Bool {
        if let enumStrings, !enumStrings._withUnsafeGuaranteedRef({ $0.contains(string) }) { return false }
        if minLength != nil || maxLength != nil {
            // UTF-8 length bounds the scalar count (1…4 bytes each): count only when needed.
            let bytes = string.utf8.count
            if let maxLength, bytes > maxLength, string.unicodeScalars.count > maxLength { return false }
            if let minLength, (bytes + 3) / 4 < minLength, string.unicodeScalars.count < minLength { return false }
        }
        if let pattern, pattern._withUnsafeGuaranteedRef({ $0.search(string) }) != .match { return false }
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

    /// A validator of string instances that holds no reference to this schema: valid only while
    /// this `JSONSchema` value (or a copy of it) is alive.
    public var unownedStringValidator: UnownedStringValidator {
        UnownedStringValidator(root: root)
    }
}
