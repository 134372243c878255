#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import ImportCore

/// Where element data comes from: the reader's current node (the normal path), or a tree node
/// (salvaging the records parsed just before an error, see `XMLRecordReader+Salvage`).
enum XMLNodeSource {
    case reader
    case node(xmlNodePtr)
}

extension XMLRecordReader {
    /// Handles an element start: begins a record, or opens a field inside one.
    func startElement(depth: Int, isEmpty: Bool, from source: XMLNodeSource) throws(InputError) -> ReadEvent? {
        let name = localName(source)
        if !inRecord {
            guard isRecordElement(depth: depth, name: name) else { return nil }
            inRecord = true
            recordDepth = depth
            recordLine = line(of: source)
            recordNumber += 1
            levelCount = 0
            path.truncate(to: 0)
            text.truncate(to: 0)
            readAttributes(source)
            return isEmpty ? finishRecord() : nil
        }
        if levelCount > 0 { levels[levelCount - 1].hasChild = true }
        let parentLength = path.count
        if parentLength > 0 { path.append(UInt8(ascii: "/")) }
        if let name { path.append(name, count: xmlLength(name)) }
        let element = OpenElement(parentPathLength: parentLength, textStart: text.count)
        if levelCount == levels.count { levels.append(element) } else { levels[levelCount] = element }
        levelCount += 1
        readAttributes(source)
        if isEmpty { closeField() }
        return nil
    }

    /// Handles an element end: closes a field, or finishes the record.
    func endElement() -> ReadEvent? {
        if levelCount > 0 {
            closeField()
            return nil
        }
        return finishRecord()
    }

    func localName(_ source: XMLNodeSource) -> UnsafePointer<xmlChar>? {
        switch source {
        case .reader: xmlTextReaderConstLocalName(reader)
        case .node(let node): node.pointee.name
        }
    }

    func line(of source: XMLNodeSource) -> Int {
        switch source {
        case .reader: return currentLine()
        case .node(let node): return max(1, xmlGetLineNo(node))
        }
    }

    func isRecordElement(depth: Int, name: UnsafePointer<xmlChar>?) -> Bool {
        guard let recordElement else { return depth == 1 }
        guard let name else { return false }
        let length = xmlLength(name)
        guard length == recordElement.count else { return false }
        return UnsafeBufferPointer(start: name, count: length).elementsEqual(recordElement)
    }

    /// Adds the element's attributes (namespace declarations aside) as `@name` fields.
    func readAttributes(_ source: XMLNodeSource) {
        switch source {
        case .reader:
            guard xmlTextReaderHasAttributes(reader) == 1 else { return }
            while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
                addAttribute(name: xmlTextReaderConstLocalName(reader), value: xmlTextReaderConstValue(reader))
            }
            xmlTextReaderMoveToElement(reader)
        case .node(let node):
            var attribute = node.pointee.properties
            while let current = attribute {
                // Without a DTD there are no entity references left in attribute values: the
                // value is a single text child.
                addAttribute(name: current.pointee.name, value: current.pointee.children?.pointee.content)
                attribute = current.pointee.next
            }
        }
    }

    func addAttribute(name: UnsafePointer<xmlChar>?, value: UnsafePointer<xmlChar>?) {
        nameBytes.append(path)
        if !path.isEmpty { nameBytes.append(UInt8(ascii: "/")) }
        nameBytes.append(UInt8(ascii: "@"))
        if let name { nameBytes.append(name, count: xmlLength(name)) }
        nameEnds.append(nameBytes.count)
        let length = value.map { xmlLength($0) } ?? 0
        if length > maxFieldBytes {
            oversized.append(values.count)
            values.append("")
        } else if let value {
            values.append(asciiString(value, count: length))  // libxml2 checked the UTF-8
        } else {
            values.append("")
        }
    }

    /// Appends a text or CDATA node to the innermost open element, up to `maxFieldBytes`.
    func appendText(_ value: UnsafePointer<xmlChar>?) {
        let top = levelCount - 1
        guard !levels[top].tooLarge, let value else { return }
        let length = xmlLength(value)
        if text.count - levels[top].textStart + length > maxFieldBytes {
            levels[top].tooLarge = true
            text.truncate(to: levels[top].textStart)
            return
        }
        text.append(value, count: length)
    }

    /// Ends the innermost open element: it becomes a field unless it only held other elements.
    func closeField() {
        levelCount -= 1
        let element = levels[levelCount]
        let ownText = text.count - element.textStart
        if element.tooLarge || !element.hasChild || ownText > 0 {
            nameBytes.append(path)
            nameEnds.append(nameBytes.count)
            if element.tooLarge {
                oversized.append(values.count)
                values.append("")
            } else {
                values.append(asciiString(text.base + element.textStart, count: ownText))  // libxml2 checked the UTF-8
            }
        }
        text.truncate(to: element.textStart)
        path.truncate(to: element.parentPathLength)
    }

    /// Ends the record: reuses the previous shape when the names repeat, reports duplicates
    /// and oversized fields as a row error.
    func finishRecord() -> ReadEvent {
        inRecord = false
        let names: FieldNames
        if let shape, nameEnds == shapeEnds, nameBytes.equals(shapeBytes) {
            names = shape
        } else {
            names = makeShape()
        }
        var reasons: [String] = []
        for name in shapeDuplicates {
            reasons.append("field \"\(name)\" appears more than once in the record: keep one (or pick records with a deeper element)")
        }
        for index in oversized {
            reasons.append("field \"\(names.names[index])\" is larger than the \(maxFieldBytes)-byte field size limit (raise the limit if the value is genuine)")
        }
        let recordValues = values
        values = []
        values.reserveCapacity(recordValues.count)
        nameBytes.truncate(to: 0)
        nameEnds.removeAll(keepingCapacity: true)
        oversized.removeAll()
        if reasons.isEmpty {
            return .record(Record(names: names, values: recordValues, line: recordLine, number: recordNumber))
        }
        return .rowError(
            RowError(line: recordLine, number: recordNumber, reasons: reasons, names: names, values: recordValues))
    }

    /// Builds a new shape from the record's names and notes its repeated names.
    func makeShape() -> FieldNames {
        var strings: [String] = []
        strings.reserveCapacity(nameEnds.count)
        var from = 0
        for end in nameEnds {
            strings.append(asciiString(nameBytes.base + from, count: end - from))
            from = end
        }
        var seen: Set<String> = []
        var duplicates: [String] = []
        for name in strings where !seen.insert(name).inserted && !duplicates.contains(name) {
            duplicates.append(name)
        }
        let names = FieldNames(strings)
        shape = names
        shapeBytes.replace(with: nameBytes)
        shapeEnds = nameEnds
        shapeDuplicates = duplicates
        return names
    }
}
