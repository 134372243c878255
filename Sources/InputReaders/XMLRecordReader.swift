#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import ImportCore

/// Streams records out of an XML document with libxml2's SAX2 push parser.
///
/// A record is one element: every child element of the root, or with `recordElement` every
/// element with that local name at any depth (a same-named element inside a record is a
/// field). Its fields are its attributes (`@name`), its child elements' text (`child`; nested
/// `parent/child`; attributes of children `child/@name`), in document order. Namespaces are
/// ignored (local names only); CDATA is text; whitespace-only text is ignored, and so is text
/// directly inside the record element. An element with child elements is a field only when it
/// also has text of its own.
///
/// Hardened: no network, no entity substitution, no DTD loading or validation, and a DOCTYPE is
/// refused (file error) before libxml2 parses it. Malformed XML, invalid UTF-8 and a text node
/// over libxml2's 10 MB limit are file errors with line and column; records completed before
/// them are delivered first. A repeated field or a field over `maxFieldBytes` is a row error.
///
/// Record lines are the line on which the record's start tag ends (its first line unless the
/// tag spans lines).
///
/// Why SAX and not `xmlTextReader`: the text reader builds (and frees) a tree node per element
/// and text node and is fed 512 bytes at a time. A bare C loop over `xmlTextReaderRead` costs
/// 3.9 G instructions on the 100k-row benchmark file, the SAX push parser fed 256 KiB reads
/// 2.2 G (this whole reader: 3.2 G, down from 5.0 G). The callbacks assemble records into
/// `pending` (at most one chunk's worth), which `next()` drains.
public final class XMLRecordReader: RecordReader {
    /// The input's name for diagnostics: the path as given, or `<stdin>`.
    public let fileName: String
    let stream: XMLInputStream
    let errors = XMLErrorSink()
    /// The push parser; set once in `init`.
    var parser: xmlParserCtxtPtr?
    let recordElement: [UInt8]?
    let maxFieldBytes: Int
    /// `InlineString.isAvailable`, read once.
    let inlineStrings = InlineString.isAvailable
    var finished = false
    /// Events assembled by the callbacks, delivered from `pendingIndex` on.
    var pending: [ReadEvent] = []
    var pendingIndex = 0
    /// The file error that ends the input, thrown once `pending` is drained.
    var pendingError: InputError?
    /// An error a callback raised (a DOCTYPE, a huge text node); it stopped the parser.
    var callbackError: InputError?
    /// Bytes handed to libxml2 per `xmlParseChunk`.
    let chunk: UnsafeMutablePointer<CChar>
    static let chunkSize = 256 << 10

    // The record being assembled.
    /// Depth of the current element (the root is 0).
    var depth = -1
    var inRecord = false
    var recordLine = 0
    var recordNumber = 0
    /// Open elements inside the record; entries past `levelCount` are spare.
    let levels = ScratchArray<OpenElement>()
    var levelCount = 0
    /// Path of the innermost open element relative to the record (`parent/child`).
    let path = ByteBuffer()
    /// Text of the open elements, innermost last (a child's text is dropped when it closes,
    /// so each element's own text stays contiguous).
    let text = ByteBuffer(capacity: 4096)
    /// The run of character data since the last markup (what the tree would hold as one text
    /// node): its length, where it starts in `text` (when stored), and whether it is all blank.
    var runLength = 0
    var runStart = 0
    var runBlank = true
    /// The record's field names, concatenated, and where each ends.
    let nameBytes = ByteBuffer(capacity: 512)
    let nameEnds = ScratchArray<Int>()
    let values = ScratchArray<String>()
    /// Field positions whose value passed `maxFieldBytes` (stored as empty).
    var oversized: [Int] = []

    /// The previous record's shape, reused while names repeat.
    var shape: FieldNames?
    let shapeBytes = ByteBuffer(capacity: 512)
    var shapeEnds: [Int] = []
    /// Whether the record's names so far equal the shape's first `matchedFields` names (then
    /// they are not collected in `nameBytes`).
    var matchingShape = false
    var matchedFields = 0
    /// Scratch for one attribute's field name.
    let attributeName = ByteBuffer()
    /// Lengths of the parser's interned element and attribute names.
    let nameLengths = NameLengthCache()
    var shapeDuplicates: [String] = []

    /// An element open inside the current record.
    struct OpenElement {
        var parentPathLength = 0
        var textStart = 0
        var hasChild = false
        var tooLarge = false
    }

    /// libxml2's limit on one text node without `XML_PARSE_HUGE` (`XML_MAX_TEXT_LENGTH`).
    static let maxTextNodeBytes = 10_000_000

    init(input: InputFile, recordElement: String?, maxFieldBytes: Int) throws(InputError) {
        _ = libxml2Ready
        fileName = input.displayName
        stream = XMLInputStream(file: input)
        self.recordElement = recordElement.map { Array($0.utf8) }
        self.maxFieldBytes = maxFieldBytes
        chunk = .allocate(capacity: XMLRecordReader.chunkSize)
        var handler = XMLRecordReader.makeSAXHandler()
        let context = Unmanaged.passUnretained(self).toOpaque()
        // The handler is copied into the context; `context` comes back to every callback.
        guard let parser = fileName.withCString({ xmlCreatePushParserCtxt(&handler, context, nil, 0, $0) }) else {
            chunk.deallocate()
            throw InputError.xmlSetup(input.displayName)
        }
        // Transcoded input is UTF-8 whatever its declaration says (UTF-16, windows-1252).
        let transcoded = input.layers.contains { $0 != "gzip" }
        xmlCtxtUseOptions(parser, hardenedParseOptions | (transcoded ? Int32(XML_PARSE_IGNORE_ENC.rawValue) : 0))
        self.parser = parser
    }

    deinit {
        if let parser {
            if let document = parser.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(parser)
        }
        chunk.deallocate()
    }

    /// The next record or row error; nil after the last record. Throws the file error that
    /// ends the input (after every record complete before it was returned).
    public func next() throws(InputError) -> ReadEvent? {
        while true {
            if pendingIndex < pending.count {
                let event = pending[pendingIndex]
                pendingIndex += 1
                return event
            }
            if pendingIndex > 0 {
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
            }
            if finished {
                if let error = pendingError {
                    pendingError = nil
                    throw error
                }
                return nil
            }
            feed()
        }
    }

    /// Reads one chunk and parses it; the callbacks append to `pending`. Sets `finished` (and
    /// `pendingError`) when the input ends or fails.
    func feed() {
        guard let parser else {
            finished = true
            return
        }
        let n = stream.read(into: chunk, count: XMLRecordReader.chunkSize)
        if n < 0 {
            finished = true
            pendingError = failure()
            return
        }
        xmlParseChunk(parser, n > 0 ? chunk : nil, n, n == 0 ? 1 : 0)
        if callbackError != nil || parser.pointee.disableSAX != 0 || parser.pointee.instate == XML_PARSER_EOF {
            finished = true
            if callbackError != nil || errors.hasError || n > 0 { pendingError = failure() }
        } else if n == 0 {
            finished = true
            if errors.hasError { pendingError = failure() }
        }
    }

    /// The file error that ended the input: a refused DOCTYPE, an I/O error, a limit, or
    /// libxml2's error.
    func failure() -> InputError {
        if let line = stream.doctypeLine { return InputError.doctype(fileName, line: line) }
        if let callbackError { return callbackError }
        if let reason = stream.readFailure {
            return InputError.readFailed(fileName, line: currentLine(), reason: reason)
        }
        guard let message = errors.message else {
            return InputError.malformedXML(fileName, line: currentLine(), column: nil, "the parser stopped")
        }
        // libxml2 sometimes appends the offending bytes on a second line: never echo them.
        var detail = String(message.prefix { $0 != "\n" })
        if detail.contains("huge text node") {
            detail = hugeTextDetail
        } else if detail.contains("not proper UTF-8") {
            detail = "the input is not valid UTF-8 here: save the file as UTF-8 or declare its encoding"
        }
        return InputError.malformedXML(fileName, line: errors.line, column: errors.column, detail)
    }

    var hugeTextDetail: String {
        "a text node is larger than libxml2's 10 MB limit (the field size limit is \(maxFieldBytes) bytes): shorten the value"
    }

    /// The parser's current line.
    func currentLine() -> Int {
        guard let input = parser?.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    /// The parser's current column, when it knows one.
    func currentColumn() -> Int? {
        guard let input = parser?.pointee.input, input.pointee.col > 0 else { return nil }
        return Int(input.pointee.col)
    }
}
