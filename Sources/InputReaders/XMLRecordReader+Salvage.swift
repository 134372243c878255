import CLibXML2
import ImportCore

/// After a parse error, libxml2's reader returns -1 at once, although the tree still holds
/// the nodes it parsed ahead of the reader in the failing chunk (up to the error). These
/// methods walk that tree from where the reader stopped, feeding the same record assembly,
/// so every record complete before the error is delivered; the first element the error cut
/// (one still open when it happened) ends the walk with the error.
extension XMLRecordReader {
    func startSalvage(after node: xmlNodePtr, enteredIt: Bool, depth: Int) {
        salvaging = true
        salvageDepth = depth
        if enteredIt {
            if let child = node.pointee.children {
                salvageCursor = (child, true)
                salvageDepth += 1
            } else {
                salvageCursor = (node, false)
            }
        } else {
            salvageCursor = advance(from: node)
        }
    }

    /// The next position in document order after leaving `node`.
    private func advance(from node: xmlNodePtr) -> (node: xmlNodePtr, entering: Bool)? {
        if let next = node.pointee.next { return (next, true) }
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        salvageDepth -= 1
        return (parent, false)
    }

    func salvageNext() throws(InputError) -> ReadEvent? {
        while let (node, entering) = salvageCursor {
            let isElement = node.pointee.type == XML_ELEMENT_NODE
            if entering {
                let type = node.pointee.type
                if isElement {
                    let children = node.pointee.children
                    if let children {
                        salvageCursor = (children, true)
                    } else {
                        salvageCursor = advance(from: node)
                    }
                    let depth = salvageDepth
                    if children != nil { salvageDepth += 1 }
                    if let event = try startElement(depth: depth, isEmpty: children == nil, from: .node(node)) {
                        return event
                    }
                } else {
                    salvageCursor = advance(from: node)
                    if (type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE) && inRecord && levelCount > 0 {
                        appendText(node.pointee.content)
                    }
                }
            } else {
                // Leaving an element: if the error cut it, nothing from here on is complete.
                if errors.openChain.contains(node) { break }
                salvageCursor = advance(from: node)
                if inRecord, let event = endElement() { return event }
            }
        }
        finished = true
        throw failure()
    }
}
