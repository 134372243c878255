import ImportCore

/// A problem that stops reading a whole input file (as opposed to a `RowError`, which rejects
/// one record). Records read before it have already been delivered.
///
/// The description reads like a compiler diagnostic, `customers.csv:12: unterminated quoted
/// field opened here: add the closing quote`, and never quotes a field's value.
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: Sendable, Equatable {
        case cannotOpen
        case readFailed
        case unknownFormat
        case emptyFile
        case badHeader
        case unterminatedQuote
        case doctype
        case malformedXML
        case xmlSetup
        case badDelimiter
        case unsupportedCompression
        case unknownEncoding
    }

    private let code: Code
    /// Where the problem is: the file, and the line (0 for the whole file) and column if known.
    public let location: SourceLocation
    /// What is wrong and what to do about it.
    public let message: String

    private init(_ code: Code, _ location: SourceLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// `file:line[:column]: message`, or `file: message` for the whole file.
    public var description: String { "\(location): \(message)" }

    /// The input could not be opened (missing file, permissions, a directory).
    public static func cannotOpen(_ file: String, reason: String) -> InputError {
        InputError(.cannotOpen, SourceLocation(file: file, line: 0), "cannot open: \(reason)")
    }

    /// Reading failed part-way (an I/O error).
    public static func readFailed(_ file: String, line: Int, reason: String) -> InputError {
        InputError(.readFailed, SourceLocation(file: file, line: line), "read failed: \(reason)")
    }

    /// The format could not be inferred from the file name.
    public static func unknownFormat(_ file: String) -> InputError {
        InputError(
            .unknownFormat, SourceLocation(file: file, line: 0),
            "cannot tell the format from the file name (expected .csv, .tsv or .xml): pass --format csv or --format xml"
        )
    }

    /// The file has no header line (no bytes, or only a byte-order mark and blank lines).
    public static func emptyFile(_ file: String) -> InputError {
        InputError(.emptyFile, SourceLocation(file: file, line: 0), "file is empty: expected a header line")
    }

    /// The CSV header line cannot name the columns (empty or duplicate names, too long, not UTF-8).
    public static func badHeader(_ file: String, line: Int, _ problem: String) -> InputError {
        InputError(.badHeader, SourceLocation(file: file, line: line), "bad header line: \(problem)")
    }

    /// A quoted CSV field is still open at the end of the file.
    public static func unterminatedQuote(_ file: String, line: Int) -> InputError {
        InputError(
            .unterminatedQuote, SourceLocation(file: file, line: line),
            "unterminated quoted field opened here: add the closing quote (a field that contains a quote must double it: \"\")"
        )
    }

    /// The XML document has a DOCTYPE declaration, which is refused before it is processed.
    public static func doctype(_ file: String, line: Int) -> InputError {
        InputError(
            .doctype, SourceLocation(file: file, line: line),
            "DOCTYPE declarations are not allowed (they can define entities): remove the <!DOCTYPE …> line"
        )
    }

    /// libxml2 found the document malformed (or refused it).
    public static func malformedXML(_ file: String, line: Int, column: Int?, _ detail: String) -> InputError {
        InputError(
            .malformedXML, SourceLocation(file: file, line: line, column: column),
            "malformed XML: \(detail)"
        )
    }

    /// The CSV delimiter cannot work as one (a quote, CR, LF, NUL or a non-ASCII byte).
    public static func badDelimiter(_ file: String, _ delimiter: CSVDelimiter) -> InputError {
        InputError(
            .badDelimiter, SourceLocation(file: file, line: 0),
            "cannot use byte \(delimiterByteDescription(delimiter)) as the CSV delimiter: use , ; | tab or auto"
        )
    }

    private static func delimiterByteDescription(_ delimiter: CSVDelimiter) -> String {
        guard case .character(let byte) = delimiter else { return "auto" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }

    /// The input is compressed in a way this build cannot read.
    public static func unsupportedCompression(_ file: String, _ kind: String) -> InputError {
        InputError(
            .unsupportedCompression, SourceLocation(file: file, line: 0),
            "the file is \(kind)-compressed, which this build cannot read: decompress it first, "
                + "e.g. \(kind) -dc FILE | persona-import run - --format csv …")
    }

    /// `--encoding` names an encoding the system's iconv does not know.
    public static func unknownEncoding(_ file: String, _ encoding: String) -> InputError {
        InputError(
            .unknownEncoding, SourceLocation(file: file, line: 0),
            "the encoding '\(encoding)' is not known to this system's iconv: try windows-1252, iso-8859-15, utf-16le "
                + "(iconv -l lists them all)")
    }

    /// libxml2 could not set up a reader (out of memory).
    static func xmlSetup(_ file: String) -> InputError {
        InputError(.xmlSetup, SourceLocation(file: file, line: 0), "cannot create the XML reader (out of memory?)")
    }
}
