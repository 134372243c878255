#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImportCore

/// Streams records out of a CSV file (RFC 4180 plus what real exports do).
///
/// Bytes are read with `read(2)` into one large buffer and scanned in place; a record is turned
/// into Strings only once it is complete. Rules, beyond RFC 4180:
/// - Line ends may be LF, CRLF or a lone CR, mixed; the last line may lack one. A UTF-8 BOM is
///   skipped. Empty lines are skipped (but counted); a line of spaces is a record (one field).
/// - Values are not trimmed; header names are.
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
/// - A rejects file fed back (a header with `_line` or `_errors`) has the rejects writer's
///   formula guard taken off its header names and values (``RejectsFileFormat``): a leading `'`
///   before `=`, `+`, `-`, `@`, tab, CR or another `'` is removed. Other files are read as is.
/// - Memory stays bounded: a 1 MiB buffer that grows only for a record that does not fit,
///   up to `maxFieldBytes` × (columns + 1); a larger record is skipped unstored (row error).
public final class CSVRecordReader: RecordReader {
    /// The input's name for diagnostics: the path as given, or `<stdin>`.
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

    /// Byte classes for scanning quoted fields (0 = ordinary).
    /// The delimiter repeated in every byte, for the word-wide scan.
    var delimiterWord: UInt64 = 0
    let quotedClass: UnsafeMutablePointer<UInt8>

    /// Field spans of the record being scanned (reused).
    var spans: UnsafeMutablePointer<FieldSpan>
    var spanCapacity = 64
    var spanCount = 0
    /// Scratch space for unescaping quoted fields (reused).
    var scratch: [UInt8] = []

    /// `InlineString.isAvailable`, read once.
    let inlineStrings = InlineString.isAvailable

    /// The header, once read.
    var header: FieldNames?
    /// Whether the input is a rejects file (its header has `_line` or `_errors`): its cells
    /// carry the writer's formula guard, taken off as they are read.
    var unguardsCells = false
    var headerLine = 0
    /// The most bytes one record may take in the buffer (the header: `maxFieldBytes`).
    var recordLimit: Int
    var recordNumber = 0
    var finished = false

    static let initialCapacity = 1 << 20
    /// Readable bytes past the sentinel.
    static let slack = 16

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
        buffer = CSVRecordReader.allocateBuffer(capacity: capacity)
        quotedClass = .allocate(capacity: 256)
        spans = .allocate(capacity: spanCapacity)
        scratch.reserveCapacity(4096)
        buildClassTables()
    }

    deinit {
        buffer.deallocate()
        quotedClass.deallocate()
        spans.deallocate()
    }

    /// The next record or row error; nil after the last record. Throws the file error that
    /// ends the input (after every record before it was returned).
    public func next() throws(InputError) -> ReadEvent? {
        if finished { return nil }
        if header == nil {
            try readHeader()
            if finished { return nil }
        }
        let next = scanSimpleRecord()
        if next >= 0 {
            recordNumber += 1
            let event = makeEvent(recordLine: line)
            start = next
            line += 1
            return event
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
            throw InputError.readFailed(fileName, line: line, reason: input.failure)
        }
        if n == 0 { atEOF = true } else { end += n }
        buffer[end] = Byte.lf
    }

    /// Doubles the buffer. A record that needs more than the record limit is skipped instead
    /// (the field limit catches it first: a record only gets this big through its fields).
    func grow() throws(InputError) {
        let newCapacity = capacity * 2
        let bigger = CSVRecordReader.allocateBuffer(capacity: newCapacity)
        bigger.update(from: buffer, count: end)
        bigger[end] = Byte.lf
        buffer.deallocate()
        buffer = bigger
        capacity = newCapacity
    }

    /// A zeroed buffer of `capacity` bytes, plus one for the sentinel and 16 so that word-wide
    /// loads that start before the sentinel (the scan's 8, `decodedString(slack:)`'s 16) stay
    /// inside the allocation.
    static func allocateBuffer(capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 1 + slack)
        buffer.initialize(repeating: 0, count: capacity + 1 + slack)
        buffer[0] = Byte.lf
        return buffer
    }

    func buildClassTables() {
        delimiterWord = UInt64(delimiter) &* SWAR.ones
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
}

/// Classes in the scanner's lookup tables (0 = ordinary byte).
enum CharClass {
    /// The quote.
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
    /// Has a byte ≥ 0x80 (needs UTF-8 validation).
    static let nonASCII: UInt8 = 8
}

/// Word-at-a-time ("SIMD within a register") byte matching.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    static let fourteens: UInt64 = 0x0E0E_0E0E_0E0E_0E0E

    /// The high bit of every byte of `word` below 0x0E, with the same exactness as `zeroBytes`.
    @inline(__always)
    static func bytesBelow14(_ word: UInt64) -> UInt64 {
        (word &- fourteens) & ~word & highs
    }

    /// Advances `index` 8 bytes at a time to the first delimiter byte or byte below 0x0E (CR,
    /// LF and NUL among them), ORing every byte stepped over into `highBits` so the caller can
    /// tell whether the run was ASCII. A sentinel stop byte at the buffer's end guarantees a stop;
    /// loads past it stay inside the buffer's slack.
    @inline(__always)
    static func skipToStop(
        _ p: UnsafePointer<UInt8>, _ index: inout Int, delimiterWord: UInt64, highBits: inout UInt64
    ) {
        while true {
            let word = UnsafeRawPointer(p + index).loadUnaligned(as: UInt64.self)
            let stops = zeroBytes(word ^ delimiterWord) | bytesBelow14(word)
            if stops == 0 {
                highBits |= word
                index &+= 8
                continue
            }
            let skipped = stops.trailingZeroBitCount &>> 3
            highBits |= word & ((1 &<< UInt64(skipped &* 8)) &- 1)
            index &+= skipped
            return
        }
    }

    /// The high bit of every zero byte of `word`; exact for the lowest zero byte (bytes above
    /// it may be flagged falsely, which only matters to callers that look past the first).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }
}
