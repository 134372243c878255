/// The rejects file's conventions beyond CSV, in one place for the stage that writes the file
/// (RecordMapping's `RejectsWriter`) and the reader that takes a corrected one back as input
/// (InputReaders' CSV reader).
///
/// **Extra columns.** `_line` and `_errors` follow the input's own columns; on input they are
/// ignored.
///
/// **Formula guard (CSV injection).** A spreadsheet treats a cell that starts with `=`, `+`,
/// `-` or `@` (and, in some, a tab or a carriage return) as a formula, so a value an outsider
/// typed into a form could run when the operator opens the rejects file. Following OWASP's CSV
/// injection guidance (and ASVS 1.2.10), such a cell is written with a single quote in front
/// (`'=1+2`), which spreadsheets show as text. Quoting the cell (`"=1+2"`) would not help:
/// spreadsheets evaluate quoted cells too.
///
/// The prefix must not change the data when the file is fed back, so the guard is reversible
/// and undone on input: ``unguarded(_:)`` removes one leading quote when the next character is
/// a trigger or another quote. A value that itself starts with a quote followed by such a
/// character (`'=x`, `''`) gets a second quote on the way out, so every value survives the round
/// trip exactly; a value such as `'s-Hertogenbosch` is written and read unchanged. The CSV reader
/// undoes the guard only in a file whose header has a rejects column (``isRejectsHeader(_:)``),
/// so other inputs keep their values byte for byte. A spreadsheet that takes the quote as its
/// "text" marker and saves the cell without it round-trips too (it saves the value itself),
/// except for a value that itself starts with a quote before a trigger character.
public enum RejectsFileFormat {
    /// The column with the rejected record's physical line in the input.
    public static let lineColumn = "_line"
    /// The column with every reason the record was rejected, joined by `; `.
    public static let errorsColumn = "_errors"
    /// The columns a rejects file adds after the input's own.
    public static let columns: Set<String> = [lineColumn, errorsColumn]

    /// Whether a header (names as read) is a rejects file's: it has `_line` or `_errors`.
    public static func isRejectsHeader(_ names: [String]) -> Bool {
        names.contains(lineColumn) || names.contains(errorsColumn)
    }

    /// `cell` as written to the rejects file: with a leading `'` when a spreadsheet would read
    /// it as a formula, or when it starts with a quote that ``unguarded(_:)`` would remove.
    public static func guarded(_ cell: String) -> String {
        var bytes = cell.utf8.makeIterator()
        guard let first = bytes.next() else { return cell }
        if isTrigger(first) { return "'" + cell }
        if first == quote, let second = bytes.next(), isTrigger(second) || second == quote { return "'" + cell }
        return cell
    }

    /// `cell` as read from a rejects file: without the quote ``guarded(_:)`` added.
    public static func unguarded(_ cell: String) -> String {
        let utf8 = cell.utf8
        guard utf8.first == quote else { return cell }
        var bytes = utf8.makeIterator()
        _ = bytes.next()
        guard let second = bytes.next(), isTrigger(second) || second == quote else { return cell }
        return String(cell.dropFirst())
    }

    private static let quote = UInt8(ascii: "'")

    /// The first characters that make a spreadsheet cell a formula (OWASP: `=`, `+`, `-`, `@`,
    /// tab, carriage return).
    @inline(__always)
    private static func isTrigger(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }
}
