/// A problem with one record that rejects that record and no other.
///
/// The reason never quotes a field's value (values are customer data); it names the rule, the
/// column and a position instead.
public struct RowError: Error, Sendable, CustomStringConvertible {
    /// Physical line (1-based) of the record's first byte.
    public var line: Int
    /// The record's position among the file's data records (1-based).
    public var number: Int
    /// Every reason the record was rejected, in words a person can act on.
    public var reasons: [String]
    /// The record as read, when the reader could split it (written unchanged to the rejects file).
    public var names: FieldNames?
    public var values: [String]

    public init(line: Int, number: Int, reasons: [String], names: FieldNames? = nil, values: [String] = []) {
        self.line = line
        self.number = number
        self.reasons = reasons
        self.names = names
        self.values = values
    }

    public var description: String { "line \(line): " + reasons.joined(separator: "; ") }
}

/// What a reader hands to the next stage: a record, or a row that could not be read.
public enum ReadEvent: Sendable {
    case record(Record)
    case rowError(RowError)

    /// Physical line of the record's first byte.
    public var line: Int {
        switch self {
        case .record(let record): record.line
        case .rowError(let error): error.line
        }
    }
}
