/// One reason an instance does not satisfy a schema.
///
/// Messages never contain instance values (they may be customer data); they name the keyword,
/// the schema's own constants and measured quantities only.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// JSON pointer into the instance, e.g. `/fields/birthdate` (empty string for the root).
    public var instancePointer: String
    /// The keyword that failed, e.g. `format`.
    public var keyword: String
    /// What failed, e.g. `format "date": not a calendar date`.
    public var message: String

    /// Creates a validation error.
    public init(instancePointer: String, keyword: String, message: String) {
        self.instancePointer = instancePointer
        self.keyword = keyword
        self.message = message
    }

    /// `"<instancePointer>: <message>"`.
    public var description: String { "\(instancePointer): \(message)" }
}
