/// A syntax error in a JSON text, with the 1-based line and column (in bytes) where it was found.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line of the offending byte.
    public var line: Int
    /// 1-based column (byte offset within the line) of the offending byte.
    public var column: Int
    /// What is wrong, without quoting the document's content.
    public var message: String

    /// Creates a parse error.
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`
    public var description: String { "line \(line), column \(column): \(message)" }
}
