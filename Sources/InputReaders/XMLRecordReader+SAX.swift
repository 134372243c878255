import CLibXML2
import ImportCore

/// libxml2's SAX2 callbacks: each forwards to the `XMLRecordReader` passed as user data.
extension XMLRecordReader {
    /// The handler every reader's parser copies: elements, character data, CDATA, and the
    /// markup that splits text runs (comments, processing instructions). No entity or DTD
    /// callbacks: libxml2 then neither loads nor substitutes anything.
    static func makeSAXHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
            guard let context else { return }
            // An undeclared prefix (a namespace error, reported at the end) stays part of the
            // name, as libxml2's tree builder keeps it.
            let undeclared = uri == nil ? prefix : nil
            withReader(context) {
                $0.startElement(localName, undeclaredPrefix: undeclared, attributeCount: Int(attributeCount), attributes: attributes)
            }
        }
        handler.endElementNs = { context, _, _, _ in
            guard let context else { return }
            withReader(context) { $0.endElement() }
        }
        handler.characters = { context, bytes, length in
            guard let context, let bytes else { return }
            withReader(context) { $0.characters(bytes, count: Int(length)) }
        }
        handler.cdataBlock = { context, bytes, length in
            guard let context, let bytes else { return }
            withReader(context) { $0.cdata(bytes, count: Int(length)) }
        }
        handler.comment = { context, _ in
            guard let context else { return }
            withReader(context) { $0.flushRun() }
        }
        handler.processingInstruction = { context, _, _ in
            guard let context else { return }
            withReader(context) { $0.flushRun() }
        }
        // A DOCTYPE the byte-level prolog check could not see (a UTF-16 file, say): refuse it
        // before its internal subset is parsed.
        handler.internalSubset = { context, _, _, _ in
            guard let context else { return }
            withReader(context) { $0.refuseDoctype() }
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            withReader(context) { $0.errors.record(error) }
        }
        return handler
    }

    func refuseDoctype() {
        callbackError = InputError.doctype(fileName, line: currentLine())
        if let parser { xmlStopParser(parser) }
    }

    /// Emulates libxml2's tree-builder limit on one text node, which SAX callers do not get.
    func refuseHugeText() {
        callbackError = InputError.malformedXML(fileName, line: currentLine(), column: currentColumn(), hugeTextDetail)
        if let parser { xmlStopParser(parser) }
    }
}

/// Calls `body` with the reader behind a callback's user data, without retaining it.
///
/// `Unmanaged` is the only way back from C's `void *` to the object. Kept unsafe construct:
/// `_withUnsafeGuaranteedRef` instead of `takeUnretainedValue()`, which costs a retain and a
/// release per callback: 20% on the XML read stage (`persona-bench read customers-100k.xml`,
/// best of 9: 675k → 541k rows/s; callgrind 3,213 M → 3,485 M instructions). Sound: callbacks
/// run only inside `xmlParseChunk`, called from the reader's own `feed()`, so the reader is
/// alive (and owns the parser) for every call; no callback stores the reference.
@inline(__always)
private func withReader(_ context: UnsafeMutableRawPointer, _ body: (XMLRecordReader) -> Void) {
    Unmanaged<XMLRecordReader>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
}
