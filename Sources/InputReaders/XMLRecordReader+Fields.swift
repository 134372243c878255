#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import ImportCore

extension XMLRecordReader {
    /// An element start: begins a record, or opens a field inside one.
    func startElement(
        _ name: UnsafePointer<xmlChar>?, undeclaredPrefix: UnsafePointer<xmlChar>?, attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        flushRun()
        depth += 1
        if !inRecord {
            guard isRecordElement(depth: depth, name: name, prefix: undeclaredPrefix) else { return }
            inRecord = true
            recordLine = currentLine()
            recordNumber += 1
            levelCount = 0
            matchingShape = shape != nil
            matchedFields = 0
            path.truncate(to: 0)
            text.truncate(to: 0)
            if attributeCount > 0 { readAttributes(attributeCount, attributes) }
            return
        }
        if levelCount > 0 { levels[levelCount - 1].hasChild = true }
        let parentLength = path.count
        if parentLength > 0 { path.append(UInt8(ascii: "/")) }
        appendName(name, prefix: undeclaredPrefix, to: path)
        let element = OpenElement(parentPathLength: parentLength, textStart: text.count)
        if levelCount == levels.count { levels.append(element) } else { levels[levelCount] = element }
        levelCount += 1
        if attributeCount > 0 { readAttributes(attributeCount, attributes) }
    }

    /// An element end: closes a field, or finishes the record.
    func endElement() {
        flushRun()
        depth -= 1
        guard inRecord else { return }
        if levelCount > 0 {
            closeField()
        } else {
            pending.append(finishRecord())
        }
    }

    func isRecordElement(depth: Int, name: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?) -> Bool {
        guard let recordElement else { return depth == 1 }
        guard let name else { return false }
        let local = UnsafeBufferPointer(start: name, count: xmlLength(name))
        guard let prefix else { return local.elementsEqual(recordElement) }
        let qualified = UnsafeBufferPointer(start: prefix, count: xmlLength(prefix)) + [UInt8(ascii: ":")] + local
        return qualified.elementsEqual(recordElement)
    }

    /// Appends `prefix:name`, or `name` without a prefix.
    @inline(__always)
    func appendName(_ name: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, to buffer: ByteBuffer) {
        if let prefix {
            buffer.append(prefix, count: xmlLength(prefix))
            buffer.append(UInt8(ascii: ":"))
        }
        if let name { buffer.append(name, count: nameLengths.length(of: name)) }
    }

    /// Adds the element's attributes as `@name` fields. libxml2 passes five pointers per
    /// attribute (local name, prefix, URI, value start, value end); namespace declarations
    /// come separately and are not fields.
    func readAttributes(_ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard count > 0, let attributes else { return }
        for index in 0..<count {
            let base = attributes + index * 5
            guard let value = base[3], let valueEnd = base[4] else { continue }
            addAttribute(name: base[0], undeclaredPrefix: base[2] == nil ? base[1] : nil, value: value, count: valueEnd - value)
        }
    }

    func addAttribute(
        name: UnsafePointer<xmlChar>?, undeclaredPrefix: UnsafePointer<xmlChar>?, value: UnsafePointer<xmlChar>, count length: Int
    ) {
        attributeName.truncate(to: 0)
        attributeName.append(path)
        if !path.isEmpty { attributeName.append(UInt8(ascii: "/")) }
        attributeName.append(UInt8(ascii: "@"))
        appendName(name, prefix: undeclaredPrefix, to: attributeName)
        addName(attributeName.base, count: attributeName.count)
        if length > maxFieldBytes {
            oversized.append(values.count)
            values.append("")
        } else if memchr(value, Int32(UInt8(ascii: "&")), length) != nil {
            values.append(decodeAmpersands(value, count: length))
        } else {
            values.append(decodedString(value, count: length, inline: inlineStrings))  // libxml2 checked the UTF-8
        }
    }

    /// Without entity substitution libxml2 hands attribute values over with each `&` (from
    /// `&amp;` or `&#38;`) written as `&#38;`, for a tree builder to decode: decode it. A raw
    /// `&` cannot occur in a value, so every `&` starts that sequence.
    func decodeAmpersands(_ value: UnsafePointer<xmlChar>, count: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var i = 0
        while i < count {
            let byte = value[i]
            bytes.append(byte)
            if byte == UInt8(ascii: "&") && i + 4 < count && value[i + 1] == UInt8(ascii: "#")
                && value[i + 2] == UInt8(ascii: "3") && value[i + 3] == UInt8(ascii: "8") && value[i + 4] == UInt8(ascii: ";")
            {
                i += 5
            } else {
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Character data: one piece of the current run (what the tree would coalesce into one
    /// text node). Stored only inside a field; blank runs are dropped when they end.
    @inline(__always)
    func characters(_ bytes: UnsafePointer<xmlChar>, count: Int) {
        let before = runLength
        runLength = before + count
        if runLength > XMLRecordReader.maxTextNodeBytes {
            refuseHugeText()
            return
        }
        // Outside a field (indentation between elements, mostly) only the length counts.
        if inRecord && levelCount > 0 { storeCharacters(bytes, count: count, startsRun: before == 0) }
    }

    @inline(never)
    func storeCharacters(_ bytes: UnsafePointer<xmlChar>, count: Int, startsRun: Bool) {
        if startsRun {
            runStart = text.count
            runBlank = true
        }
        let top = levelCount - 1
        if levels[top].tooLarge { return }
        if runBlank {
            var i = 0
            while i < count {
                let byte = bytes[i]
                if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D {
                    runBlank = false
                    break
                }
                i += 1
            }
        }
        text.append(bytes, count: count)
        if !runBlank && text.count - levels[top].textStart > maxFieldBytes {
            levels[top].tooLarge = true
            text.truncate(to: levels[top].textStart)
        }
    }

    /// Ends the current run of character data: a blank run is dropped (the tree would hold it
    /// as an ignorable whitespace node).
    @inline(__always)
    func flushRun() {
        guard runLength > 0 else { return }
        runLength = 0
        if runBlank && inRecord && levelCount > 0 && !levels[levelCount - 1].tooLarge {
            text.truncate(to: runStart)
        }
    }

    /// A CDATA section: text of the innermost open element, even when blank.
    func cdata(_ bytes: UnsafePointer<xmlChar>, count: Int) {
        flushRun()
        guard inRecord && levelCount > 0 else { return }
        let top = levelCount - 1
        guard !levels[top].tooLarge else { return }
        if text.count - levels[top].textStart + count > maxFieldBytes {
            levels[top].tooLarge = true
            text.truncate(to: levels[top].textStart)
            return
        }
        text.append(bytes, count: count)
    }

    /// Ends the innermost open element: it becomes a field unless it only held other elements.
    func closeField() {
        levelCount -= 1
        let element = levels[levelCount]
        let ownText = text.count - element.textStart
        if element.tooLarge || !element.hasChild || ownText > 0 {
            addName(path.base, count: path.count)
            if element.tooLarge {
                oversized.append(values.count)
                values.append("")
            } else {
                values.append(decodedString(slack: text.base + element.textStart, count: ownText, inline: inlineStrings))  // libxml2 checked the UTF-8
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
        if let shape, matchingShape && matchedFields == shapeEnds.count {
            names = shape
        } else {
            if matchingShape { divergeFromShape() }
            names = makeShape()
        }
        matchingShape = false
        matchedFields = 0
        var reasons: [String] = []
        for name in shapeDuplicates {
            reasons.append("field \"\(name)\" appears more than once in the record: keep one (or pick records with a deeper element)")
        }
        for index in oversized {
            reasons.append("field \"\(names.names[index])\" is larger than the \(maxFieldBytes)-byte field size limit (raise the limit if the value is genuine)")
        }
        let recordValues = values.take()
        nameBytes.truncate(to: 0)
        nameEnds.removeAll()
        oversized.removeAll()
        if reasons.isEmpty {
            return .record(Record(names: names, values: recordValues, line: recordLine, number: recordNumber))
        }
        return .rowError(
            RowError(line: recordLine, number: recordNumber, reasons: reasons, names: names, values: recordValues))
    }

    /// Notes the next field's name: while the record follows the previous shape, only checks
    /// it against that shape's name at the same position (no copy); from the first difference
    /// on, collects the names for a new shape.
    @inline(__always)
    func addName(_ bytes: UnsafePointer<UInt8>, count: Int) {
        if matchingShape {
            let index = matchedFields
            if index < shapeEnds.count {
                let start = index == 0 ? 0 : shapeEnds[index - 1]
                if shapeEnds[index] - start == count && bytesEqual(shapeBytes.base + start, bytes, count: count) {
                    matchedFields = index + 1
                    return
                }
            }
            divergeFromShape()
        }
        nameBytes.append(bytes, count: count)
        nameEnds.append(nameBytes.count)
    }

    /// Stops matching the previous shape: copies the names matched so far.
    func divergeFromShape() {
        matchingShape = false
        if matchedFields > 0 {
            nameBytes.append(shapeBytes.base, count: shapeEnds[matchedFields - 1])
            for index in 0..<matchedFields { nameEnds.append(shapeEnds[index]) }
        }
        matchedFields = 0
    }

    /// Builds a new shape from the record's names and notes its repeated names.
    func makeShape() -> FieldNames {
        var strings: [String] = []
        strings.reserveCapacity(nameEnds.count)
        var from = 0
        for end in nameEnds.array {
            strings.append(decodedString(nameBytes.base + from, count: end - from, inline: inlineStrings))
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
        shapeEnds = nameEnds.array
        shapeDuplicates = duplicates
        return names
    }
}

/// True when `count` bytes at `a` and `b` are equal; both must stay readable 16 bytes past
/// `count` (ByteBuffer's slack). Names are short: two word compares instead of a `memcmp` call.
@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
    guard count <= 16 else { return memcmp(a, b, count) == 0 }
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    let bits = UInt64(truncatingIfNeeded: count) &* 8
    let lowMask: UInt64 = bits >= 64 ? ~0 : (1 &<< bits) &- 1
    let highMask: UInt64 = bits <= 64 ? 0 : (bits >= 128 ? ~0 : (1 &<< (bits &- 64)) &- 1)
    let low = (rawA.loadUnaligned(as: UInt64.self) ^ rawB.loadUnaligned(as: UInt64.self)) & lowMask
    let high = (rawA.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ rawB.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & highMask
    return low | high == 0
}
