/// A setup problem that stops the run before (or when) a record shape is first seen: a bad
/// mapping or schema file, a missing template, a column the input lacks.
///
/// The message names the file, the key (as a JSON pointer into the mapping file) or the column,
/// and says what to do. It never contains field values from the input.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to do, e.g.
    /// `customers.mapping.yaml: /fields/birthdate/transforms/0: unknown transform "dat"; known: …`.
    public var message: String

    /// Creates a setup error with a complete, actionable message.
    public init(_ message: String) {
        self.message = message
    }

    /// Creates a setup error about the mapping file `file` at `pointer` (a JSON pointer).
    init(file: String, pointer: String, _ problem: String) {
        self.message = "\(file): \(pointer.isEmpty ? "/" : pointer): \(problem)"
    }

    /// The message.
    public var description: String { message }
}
