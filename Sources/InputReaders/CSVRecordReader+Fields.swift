import ImportCore

extension CSVRecordReader {
    /// Turns the scanned spans into a record, or a row error listing every problem found.
    func makeEvent(recordLine: Int) -> ReadEvent {
        guard let header else { preconditionFailure("records are decoded after the header") }
        let count = spanCount
        var reasons: [String] = []
        if count != header.count {
            reasons.append("has \(count) fields, header has \(header.count)")
        }
        let spans = self.spans
        let buffer = self.buffer
        // `reserveCapacity` + `append` rather than `Array(unsafeUninitializedCapacity:)`: the
        // latter looks up the array's generic metadata on every call (~350 instructions).
        let inline = inlineStrings
        var values: [String] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            let span = spans[index]
            let start = buffer + span.start
            if span.flags == 0 {
                values.append(decodedString(slack: start, count: span.end - span.start, inline: inline))  // ASCII
            } else if span.flags == FieldSpan.nonASCII, let valid = validatedString(start, count: span.end - span.start, inline: inline) {
                values.append(valid)
            } else {
                values.append(decodeSlowly(span, column: index, reasons: &reasons))
            }
        }
        if unguardsCells { unguard(&values) }
        if reasons.isEmpty {
            return .record(Record(names: header, values: values, line: recordLine, number: recordNumber))
        }
        return .rowError(
            RowError(line: recordLine, number: recordNumber, reasons: reasons, names: header, values: values))
    }

    /// A corrected rejects file fed back: takes off the formula guard the rejects writer added
    /// (``RejectsFileFormat``), so the mapper sees the values of the original input.
    @inline(never)
    func unguard(_ values: inout [String]) {
        for index in values.indices where values[index].utf8.first == UInt8(ascii: "'") {
            values[index] = RejectsFileFormat.unguarded(values[index])
        }
    }

    /// Decodes a field that needs unescaping or has a problem, appending the problem's reason.
    /// The returned value is what the rejects file shows (invalid UTF-8 repaired to U+FFFD).
    func decodeSlowly(_ span: FieldSpan, column: Int, reasons: inout [String]) -> String {
        let raw = UnsafeBufferPointer(start: buffer + span.start, count: span.end - span.start)
        if span.flags & FieldSpan.nul != 0, let offset = raw.firstIndex(of: 0) {
            reasons.append(
                "\(describeColumn(column)) contains a NUL byte at byte offset \(fileOffset(of: span.start + offset)) of the file: remove it (NUL bytes between the characters mean UTF-16 without a byte-order mark: pass --encoding utf-16le, or utf-16be)"
            )
        }
        if span.flags & FieldSpan.textAfterQuote != 0 {
            reasons.append(
                "\(describeColumn(column)) has text after its closing quote: quote the whole field and double each quote inside it"
            )
        }
        // Quotes are ASCII, so validating the raw bytes finds the same error at a file offset.
        if let bad = firstInvalidUTF8(in: UnsafeRawBufferPointer(raw)) {
            reasons.append(
                "\(describeColumn(column)) is not valid UTF-8 at byte offset \(fileOffset(of: span.start + bad)) of the file (counted from 0): "
                    + EncodingHint.forInvalidUTF8(UnsafeRawBufferPointer(raw))
            )
        }
        scratch.removeAll(keepingCapacity: true)
        if span.flags & FieldSpan.textAfterQuote != 0 {
            // Opening quote, quoted part (pairs collapsed), closing quote, then the rest as is.
            var i = 1
            var closed = false
            while i < raw.count {
                let byte = raw[i]
                if !closed && byte == Byte.quote {
                    if i + 1 < raw.count && raw[i + 1] == Byte.quote {
                        scratch.append(Byte.quote)
                        i += 2
                        continue
                    }
                    closed = true
                    i += 1
                    continue
                }
                scratch.append(byte)
                i += 1
            }
        } else if span.flags & FieldSpan.escaped != 0 {
            var i = 0
            while i < raw.count {
                let byte = raw[i]
                scratch.append(byte)
                i += byte == Byte.quote ? 2 : 1
            }
        } else {
            scratch.append(contentsOf: raw)
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// `column 3 ("Email")`, or `column 15` past the header's last column.
    func describeColumn(_ index: Int) -> String {
        if let header, index < header.count { return "column \(index + 1) (\(header.names[index]))" }
        return "column \(index + 1)"
    }

    func fileOffset(of bufferIndex: Int) -> Int { bufferFileOffset + bufferIndex }

    func fieldTooLargeError(field index: Int, line recordLine: Int) -> RowError {
        let reason =
            index < 0
            ? "the record is larger than \(recordLimit) bytes (the field size limit times the column count plus one); it was skipped"
            : "\(describeColumn(index)) is larger than the \(maxFieldBytes)-byte field size limit; the rest of the record was skipped (raise the limit if the value is genuine)"
        return RowError(line: recordLine, number: recordNumber, reasons: [reason], names: header, values: [])
    }
}
