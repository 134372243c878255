/// Where something in an input file is: the file as the user named it, the physical line
/// (1-based) and, when the reader knows it, the column (1-based).
///
/// Diagnostics print it the way compilers do, `customers.csv:42:7`, so that an editor or a
/// person can jump straight to it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The input's name as given on the command line (`<stdin>` for `-`).
    public var file: String
    /// Physical line of the first byte (1-based). 0 when the problem concerns the whole file.
    public var line: Int
    /// Column (1-based), when the reader reports one (XML parse errors).
    public var column: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        guard line > 0 else { return file }
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }
}
