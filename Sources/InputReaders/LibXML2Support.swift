#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2

/// libxml2's one-time global setup, done before the first reader exists. `xmlInitParser` is
/// not safe to race, so every reader goes through this lazily initialised global (Swift runs
/// it exactly once). Nothing else global is changed: error handlers are per reader.
let libxml2Ready: Void = { xmlInitParser() }()

/// The parser options every XML reader uses: no network, no entity substitution (no
/// `XML_PARSE_NOENT`), no DTD loading or validation, no `XML_PARSE_HUGE` (libxml2 keeps its
/// limits; the reader enforces the tree builder's 10 MB text node limit itself). `NOBLANKS`
/// and `COMPACT` only matter to a tree builder (kept from the `xmlTextReader` version;
/// measured: no cost); the reader drops blank text runs itself. `BIG_LINES` keeps any line
/// number libxml2 stores from saturating at 65,535; the reader's record and error lines come
/// from the parser's input line, an `int`, and are exact at any size (XMLLineNumberTests).
let hardenedParseOptions: Int32 = Int32(
    bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_COMPACT.rawValue
        | XML_PARSE_BIG_LINES.rawValue)

/// The first error libxml2 reports for one reader (warnings are ignored); libxml2 writes
/// nothing to stderr because every reader installs a structured handler that lands here.
final class XMLErrorSink {
    var message: String?
    var line = 0
    var column: Int?
    var hasError: Bool { message != nil }

    func record(_ error: UnsafePointer<xmlError>) {
        guard message == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var text = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        while let last = text.last, last.isWhitespace { text.removeLast() }
        message = text
        line = Int(error.pointee.line)
        column = error.pointee.int2 > 0 ? Int(error.pointee.int2) : nil
    }
}

/// The length of a NUL-terminated libxml2 string (`xmlChar *`).
@inline(__always)
func xmlLength(_ text: UnsafePointer<xmlChar>) -> Int {
    strlen(UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self))
}

/// Remembers the lengths of libxml2's interned names (its dictionary gives one pointer per
/// distinct name for the parser's lifetime), so each element does not `strlen` its name.
/// Direct-mapped: a slot holds the last name that hashed to it.
final class NameLengthCache {
    private static let slots = 64
    private let names = UnsafeMutablePointer<UnsafePointer<xmlChar>?>.allocate(capacity: slots)
    private let lengths = UnsafeMutablePointer<Int>.allocate(capacity: slots)

    init() {
        names.initialize(repeating: nil, count: NameLengthCache.slots)
        lengths.initialize(repeating: 0, count: NameLengthCache.slots)
    }

    deinit {
        names.deallocate()
        lengths.deallocate()
    }

    @inline(__always)
    func length(of name: UnsafePointer<xmlChar>) -> Int {
        let slot = (Int(bitPattern: UInt(bitPattern: name)) &>> 4) & (NameLengthCache.slots - 1)
        if names[slot] == name { return lengths[slot] }
        let length = xmlLength(name)
        names[slot] = name
        lengths[slot] = length
        return length
    }
}
