/// A schema that cannot be loaded: unreadable file, invalid JSON, an unknown keyword, a bad
/// keyword value, or an unsupported feature (such as a remote `$ref`). Never half-applied.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: Sendable, Hashable {
        /// The schema file could not be read.
        case unreadable
        /// The schema file is not valid JSON.
        case invalidJSON
        /// A keyword this validator does not know.
        case unknownKeyword
        /// A keyword whose value is not allowed (wrong type, negative length, bad pattern...).
        case invalidValue
        /// A feature this validator deliberately does not support (remote or meta-schema `$ref`).
        case unsupported
    }

    /// The kind of problem.
    public var kind: Kind
    /// The schema file, when loaded from one.
    public var file: String?
    /// JSON pointer into the schema where the problem is, e.g. `/properties/name/maxLength`.
    public var schemaPointer: String
    /// What is wrong.
    public var message: String

    /// Creates a schema error.
    public init(kind: Kind, file: String? = nil, schemaPointer: String, message: String) {
        self.kind = kind
        self.file = file
        self.schemaPointer = schemaPointer
        self.message = message
    }

    /// `schema <file> at <pointer>: <message>`
    public var description: String {
        let pointer = schemaPointer.isEmpty ? "(root)" : schemaPointer
        if let file { return "schema \(file) at \(pointer): \(message)" }
        return "schema at \(pointer): \(message)"
    }
}
