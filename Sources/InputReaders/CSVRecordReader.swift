import ImportCore

/// Streams records out of a CSV file (RFC 4180 plus what real exports do).
///
/// Bytes are read with `read(2)` into one large buffer and scanned in place; a record is turned
/// into Strings only once it is complete. Rules, beyond RFC 4180:
/// - Line ends may be LF, CRLF or a lone CR, mixed; the last line may lack one. A UTF-8 BOM is
///   skipped. Empty lines are skipped (but counted).
/// - The first line is the header: names are trimmed of spaces and tabs; an empty or repeated
///   name is a file error. A file with no header line (no bytes, or only a BOM and empty lines)
///   is a file error ("file is empty: expected a header line"); a header-only file has no records.
/// - A quote is special only at the start of a field; `""` inside a quoted field is one quote.
///   Text after a closing quote rejects the row.
/// - Row errors (the row is rejected, reading goes on): a field count different from the
///   header's, invalid UTF-8 (reported with its byte offset in the file, counted from 0), a NUL
///   byte, a field larger than `maxFieldBytes` (the rest of that record is skipped unstored).
/// - A quoted field still open at end of file is a file error naming the line it opened on;
///   every record before it is delivered first.
public final class CSVRecordReader: RecordReader {
    public let fileName: String
    let input: InputFile
    let maxFieldBytes: Int
    /// The delimiter byte; decided when the header is read for `.auto`.
    var delimiter: UInt8
    let sniffDelimiter: Bool

    /// Read buffer: `capacity` bytes plus one for a sentinel at `end`.
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// First byte not yet consumed.
    var start = 0
    /// One past the last valid byte; `buffer[end]` holds a sentinel line feed.
    var end = 0
    var atEOF = false
    /// File offset of `buffer[0]`.
    var bufferFileOffset = 0
    /// Physical line of `buffer[start]`.
    var line = 1

    /// Byte classes for unquoted scanning (0 = ordinary) and quoted scanning.
    let unquotedClass: UnsafeMutablePointer<UInt8>
    let quotedClass: UnsafeMutablePointer<UInt8>

    /// Field spans of the record being scanned (reused).
    var spans: UnsafeMutablePointer<FieldSpan>
    var spanCapacity = 64
    var spanCount = 0
    /// Scratch space for unescaping quoted fields (reused).
    var scratch: [UInt8] = []

    /// The header, once read.
    var header: FieldNames?
    var headerLine = 0
    /// The most bytes one record may take in the buffer (the header: `maxFieldBytes`).
    var recordLimit: Int
    var recordNumber = 0
    var finished = false

    static let initialCapacity = 1 << 20

    init(input: InputFile, delimiter: CSVDelimiter, maxFieldBytes: Int) throws(InputError) {
        self.input = input
        fileName = input.displayName
        self.maxFieldBytes = maxFieldBytes
        recordLimit = maxFieldBytes
        switch delimiter {
        case .auto:
            self.delimiter = UInt8(ascii: ",")
            sniffDelimiter = true
        case .character(let byte):
            self.delimiter = byte
            sniffDelimiter = false
        }
        capacity = CSVRecordReader.initialCapacity
        buffer = .allocate(capacity: capacity + 1)
        buffer[0] = Byte.lf
        unquotedClass = .allocate(capacity: 256)
        quotedClass = .allocate(capacity: 256)
        spans = .allocate(capacity: spanCapacity)
        scratch.reserveCapacity(4096)
        buildClassTables()
    }

    deinit {
        buffer.deallocate()
        unquotedClass.deallocate()
        quotedClass.deallocate()
        spans.deallocate()
    }

    public func next() throws(InputError) -> ReadEvent? {
        if finished { return nil }
        if header == nil {
            try readHeader()
            if finished { return nil }
        }
        while true {
            switch scanRecord() {
            case .record(let nextStart, let lines):
                recordNumber += 1
                let event = makeEvent(recordLine: line)
                start = nextStart
                line += lines
                return event
            case .blank(let nextStart):
                start = nextStart
                line += 1
            case .needMore:
                try makeRoom()
            case .endOfInput:
                finished = true
                return nil
            case .unterminatedQuote(let openLine):
                finished = true
                throw InputError.unterminatedQuote(fileName, line: openLine)
            case .fieldTooLarge(let index):
                recordNumber += 1
                let recordLine = line
                try skipRecord()
                return .rowError(fieldTooLargeError(field: index, line: recordLine))
            }
        }
    }

    /// Called when a record does not fit in what is buffered: shifts it to the front and
    /// reads more, growing the buffer when the record fills it (up to the record limit, past
    /// which the record is skipped and reported by `scanRecord` on the next pass).
    func makeRoom() throws(InputError) {
        if start == 0 && end == capacity {
            try grow()
        }
        try fill()
    }

    /// Moves the unconsumed bytes to the front of the buffer and reads once.
    func fill() throws(InputError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { (buffer).update(from: buffer + start, count: remaining) }
            bufferFileOffset += start
            end = remaining
            start = 0
        }
        if end == capacity { try grow() }
        guard let n = input.read(into: buffer + end, count: capacity - end) else {
            throw InputError.readFailed(fileName, line: line, reason: InputFile.describe(errno: errno))
        }
        if n == 0 { atEOF = true } else { end += n }
        buffer[end] = Byte.lf
    }

    /// Doubles the buffer. A record that needs more than the record limit is skipped instead
    /// (the field limit catches it first: a record only gets this big through its fields).
    func grow() throws(InputError) {
        let newCapacity = capacity * 2
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + 1)
        bigger.update(from: buffer, count: end)
        bigger[end] = Byte.lf
        buffer.deallocate()
        buffer = bigger
        capacity = newCapacity
    }

    func buildClassTables() {
        unquotedClass.initialize(repeating: 0, count: 256)
        unquotedClass[Int(delimiter)] = CharClass.delimiter
        unquotedClass[Int(Byte.cr)] = CharClass.cr
        unquotedClass[Int(Byte.lf)] = CharClass.lf
        unquotedClass[0] = CharClass.nul
        quotedClass.initialize(repeating: 0, count: 256)
        quotedClass[Int(Byte.quote)] = CharClass.delimiter
        quotedClass[Int(Byte.cr)] = CharClass.cr
        quotedClass[Int(Byte.lf)] = CharClass.lf
        quotedClass[0] = CharClass.nul
    }
}

/// Byte values the CSV scanner looks for.
enum Byte {
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let tab = UInt8(ascii: "\t")
    static let space = UInt8(ascii: " ")
}

/// Classes in the scanner's lookup tables (0 = ordinary byte).
enum CharClass {
    /// The delimiter (unquoted table) or the quote (quoted table).
    static let delimiter: UInt8 = 1
    static let cr: UInt8 = 2
    static let lf: UInt8 = 3
    static let nul: UInt8 = 4
}

/// Where one field of the record being scanned lies in the buffer.
struct FieldSpan {
    /// Content bounds: inside the quotes for a quoted field.
    var start: Int
    var end: Int
    var flags: UInt8

    /// Quoted and containing `""` pairs to collapse.
    static let escaped: UInt8 = 1
    /// Contains a NUL byte.
    static let nul: UInt8 = 2
    /// Text follows the closing quote; `start` is the opening quote, `end` the field's end.
    static let textAfterQuote: UInt8 = 4
}
