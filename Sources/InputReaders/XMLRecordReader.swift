import CLibXML2
import ImportCore

/// Streams records out of an XML document with libxml2's `xmlTextReader`.
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
/// Record lines are the start tag's line: exact up to line 65534 (libxml2 stores node lines in
/// 16 bits), the parser's position after that (it may run a few lines ahead).
public final class XMLRecordReader: RecordReader {
    /// The input's name for diagnostics: the path as given, or `<stdin>`.
    public let fileName: String
    let stream: XMLInputStream
    let errors = XMLErrorSink()
    let reader: xmlTextReaderPtr
    let recordElement: [UInt8]?
    let maxFieldBytes: Int
    var finished = false

    // The record being assembled. `@exclusivity(unchecked)`: a reader is used from one thread
    // and these are only touched by its own methods; the runtime checks cost ~10% per node.
    @exclusivity(unchecked) var inRecord = false
    @exclusivity(unchecked) var recordDepth = 0
    @exclusivity(unchecked) var recordLine = 0
    @exclusivity(unchecked) var recordNumber = 0
    /// Open elements inside the record; entries past `levelCount` are spare.
    @exclusivity(unchecked) var levels: [OpenElement] = []
    @exclusivity(unchecked) var levelCount = 0
    /// Path of the innermost open element relative to the record (`parent/child`).
    let path = ByteBuffer()
    /// Text of the open elements, innermost last (a child's text is dropped when it closes,
    /// so each element's own text stays contiguous).
    let text = ByteBuffer(capacity: 4096)
    /// The record's field names, concatenated, and where each ends.
    let nameBytes = ByteBuffer(capacity: 512)
    @exclusivity(unchecked) var nameEnds: [Int] = []
    @exclusivity(unchecked) var values: [String] = []
    /// Field positions whose value passed `maxFieldBytes` (stored as empty).
    @exclusivity(unchecked) var oversized: [Int] = []

    /// The previous record's shape, reused while names repeat.
    @exclusivity(unchecked) var shape: FieldNames?
    let shapeBytes = ByteBuffer(capacity: 512)
    @exclusivity(unchecked) var shapeEnds: [Int] = []
    @exclusivity(unchecked) var shapeDuplicates: [String] = []

    /// Whether the reader returned a node yet, and whether the last one was an element start
    /// whose content comes next: where salvaging resumes after an error.
    @exclusivity(unchecked) var lastNodeSeen = false
    @exclusivity(unchecked) var lastWasOpenStart = false
    @exclusivity(unchecked) var salvaging = false
    @exclusivity(unchecked) var salvageCursor: (node: xmlNodePtr, entering: Bool)?
    @exclusivity(unchecked) var salvageDepth = 0

    /// An element open inside the current record.
    struct OpenElement {
        var parentPathLength = 0
        var textStart = 0
        var hasChild = false
        var tooLarge = false
    }

    init(input: InputFile, recordElement: String?, maxFieldBytes: Int) throws(InputError) {
        _ = libxml2Ready
        fileName = input.displayName
        stream = XMLInputStream(file: input)
        self.recordElement = recordElement.map { Array($0.utf8) }
        self.maxFieldBytes = maxFieldBytes
        let streamContext = Unmanaged.passUnretained(stream).toOpaque()
        guard
            let reader = fileName.withCString({ url in
                xmlReaderForIO(xmlReadFromStream, nil, streamContext, url, nil, hardenedParseOptions)
            })
        else { throw InputError.xmlSetup(input.displayName) }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, xmlErrorToSink, Unmanaged.passUnretained(errors).toOpaque())
        nameEnds.reserveCapacity(32)
        values.reserveCapacity(32)
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// The next record or row error; nil after the last record. Throws the file error that
    /// ends the input (after every record complete before it was returned).
    public func next() throws(InputError) -> ReadEvent? {
        if finished { return nil }
        if salvaging { return try salvageNext() }
        while true {
            let status = xmlTextReaderRead(reader)
            guard status == 1 else {
                if status == -1 && errors.hasError && stream.doctypeLine == nil {
                    // libxml2 drops the nodes it parsed ahead of the reader in the failing chunk:
                    // deliver the records among them that were complete, then the error.
                    // The reader stays on the last node it returned when a read fails.
                    if lastNodeSeen, let node = xmlTextReaderCurrentNode(reader) {
                        startSalvage(after: node, enteredIt: lastWasOpenStart, depth: Int(xmlTextReaderDepth(reader)))
                    } else if let document = errors.document, let root = xmlDocGetRootElement(document) {
                        salvaging = true
                        salvageDepth = 0
                        salvageCursor = (root, true)
                    }
                    if salvaging { return try salvageNext() }
                }
                finished = true
                if status == 0 && !errors.hasError { return nil }
                throw failure()
            }
            lastNodeSeen = true
            lastWasOpenStart = false
            switch xmlTextReaderNodeType(reader) {
            case NodeType.element:
                // Depth only matters for finding a record's start (inside one, levels count).
                let depth = inRecord ? 0 : Int(xmlTextReaderDepth(reader))
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                lastWasOpenStart = !isEmpty
                if let event = try startElement(depth: depth, isEmpty: isEmpty, from: .reader) { return event }
            case NodeType.endElement:
                if inRecord, let event = endElement() { return event }
            case NodeType.text, NodeType.cdata:
                if inRecord && levelCount > 0 { appendText(xmlTextReaderConstValue(reader)) }
            case NodeType.documentType:
                finished = true
                throw InputError.doctype(fileName, line: currentLine())
            default:
                continue
            }
        }
    }

    /// The file error for a failed read: a refused DOCTYPE, an I/O error, or libxml2's error.
    func failure() -> InputError {
        if let line = stream.doctypeLine { return InputError.doctype(fileName, line: line) }
        if let code = stream.readErrno {
            return InputError.readFailed(fileName, line: currentLine(), reason: InputFile.describe(errno: code))
        }
        guard let message = errors.message else {
            return InputError.malformedXML(fileName, line: currentLine(), column: nil, "the parser stopped")
        }
        // libxml2 sometimes appends the offending bytes on a second line: never echo them.
        var detail = String(message.prefix { $0 != "\n" })
        if detail.contains("huge text node") {
            detail = "a text node is larger than libxml2's 10 MB limit (the field size limit is \(maxFieldBytes) bytes): shorten the value"
        } else if detail.contains("not proper UTF-8") {
            detail = "the input is not valid UTF-8 here: save the file as UTF-8 or declare its encoding"
        }
        return InputError.malformedXML(fileName, line: errors.line, column: errors.column, detail)
    }

    /// The line of the current node's start.
    func currentLine() -> Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let line = xmlGetLineNo(node)
            if line > 0 && line < 65535 { return line }
        }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }
}

/// `xmlReaderTypes` values as `Int32`, the type `xmlTextReaderNodeType` returns.
enum NodeType {
    static let element = Int32(XML_READER_TYPE_ELEMENT.rawValue)
    static let endElement = Int32(XML_READER_TYPE_END_ELEMENT.rawValue)
    static let text = Int32(XML_READER_TYPE_TEXT.rawValue)
    static let cdata = Int32(XML_READER_TYPE_CDATA.rawValue)
    static let documentType = Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue)
}
