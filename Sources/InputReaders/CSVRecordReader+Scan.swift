/// What one pass over the buffered bytes found at `start`.
enum CSVScanResult {
    /// A complete record whose field spans are in `spans[0..<spanCount]`.
    case record(nextStart: Int, lines: Int)
    /// An empty line.
    case blank(nextStart: Int)
    /// The record continues past the buffered bytes.
    case needMore
    /// No bytes left.
    case endOfInput
    /// A quoted field opened on `openLine` is still open at end of file.
    case unterminatedQuote(openLine: Int)
    /// Field `index` (0-based) is over `maxFieldBytes`, or the whole record is over the record
    /// limit (`index` -1).
    case fieldTooLarge(index: Int)
}

extension CSVRecordReader {
    /// Scans one record starting at `start` without consuming it. Rescanning from the record's
    /// start after a refill is cheap: it happens once per buffer, not per record.
    ///
    /// Unquoted fields are scanned 8 bytes at a time, quoted ones through a lookup table; both
    /// rely on the sentinel line feed at `buffer[end]`, so the loops need no bounds checks.
    func scanRecord() -> CSVScanResult {
        let p = buffer
        let end = self.end
        let eof = atEOF
        var i = start
        if i == end { return eof ? .endOfInput : .needMore }
        let first = p[i]
        if first == Byte.lf { return .blank(nextStart: i + 1) }
        if first == Byte.cr {
            if i + 1 < end { return .blank(nextStart: p[i + 1] == Byte.lf ? i + 2 : i + 1) }
            return eof ? .blank(nextStart: i + 1) : .needMore
        }
        let quoted = quotedClass
        let delimiterWord = self.delimiterWord
        let delimiter = self.delimiter
        let limit = maxFieldBytes
        let recordStart = i
        var spans = self.spans
        var count = 0
        var lines = 0

        let recordLimit = self.recordLimit
        // A record cut off by the end of the buffer: read more, unless a limit is already passed.
        // (Only immutable values are captured, so `count` and `i` stay in registers.)
        func cutOff(fieldStart: Int, field: Int) -> CSVScanResult {
            if end - fieldStart > limit { return .fieldTooLarge(index: field) }
            if end - recordStart > recordLimit { return .fieldTooLarge(index: -1) }
            return .needMore
        }

        while true {
            var flags: UInt8 = 0
            let fieldStart = i
            var contentStart = i
            var contentEnd = i
            var scanUnquoted = true
            if p[i] == Byte.quote {
                let openLine = line + lines
                i += 1
                contentStart = i
                quotedLoop: while true {
                    while quoted[Int(p[i])] == 0 { i += 1 }
                    if i == end {
                        return eof ? .unterminatedQuote(openLine: openLine) : cutOff(fieldStart: contentStart, field: count)
                    }
                    switch quoted[Int(p[i])] {
                    case CharClass.delimiter:  // a quote: escaped pair, or the closing one
                        if i + 1 == end && !eof { return cutOff(fieldStart: contentStart, field: count) }
                        if p[i + 1] == Byte.quote {
                            flags |= FieldSpan.escaped
                            i += 2
                        } else {
                            contentEnd = i
                            i += 1
                            break quotedLoop
                        }
                    case CharClass.lf:
                        lines += 1
                        i += 1
                    case CharClass.cr:
                        if i + 1 == end && !eof { return cutOff(fieldStart: contentStart, field: count) }
                        if p[i + 1] != Byte.lf { lines += 1 }
                        i += 1
                    default:
                        flags |= FieldSpan.nul
                        i += 1
                    }
                }
                if contentEnd - contentStart > limit { return .fieldTooLarge(index: count) }
                flags |= FieldSpan.nonASCII  // not tracked in quoted fields: validate them
                let next = p[i]  // the sentinel when i == end
                if i < end && next != delimiter && next != Byte.lf && next != Byte.cr {
                    flags |= FieldSpan.textAfterQuote
                    contentStart = fieldStart
                } else {
                    scanUnquoted = false
                }
            }
            if scanUnquoted {
                // Stop at the delimiter, CR or LF; other control bytes below 0x0E are stepped over.
                var highBits: UInt64 = 0
                while true {
                    SWAR.skipToStop(p, &i, delimiterWord: delimiterWord, highBits: &highBits)
                    let stop = p[i]
                    if stop == delimiter || stop == Byte.lf || stop == Byte.cr { break }
                    if stop == 0 { flags |= FieldSpan.nul }
                    i &+= 1
                }
                if highBits & SWAR.highs != 0 { flags |= FieldSpan.nonASCII }
                contentEnd = i
                if i == end && !eof { return cutOff(fieldStart: fieldStart, field: count) }
                if contentEnd - fieldStart > limit { return .fieldTooLarge(index: count) }
            }
            if count == spanCapacity {
                growSpans()
                spans = self.spans
            }
            spans[count] = FieldSpan(start: contentStart, end: contentEnd, flags: flags)
            count &+= 1
            if i == end {  // last line, no line end
                spanCount = count
                return .record(nextStart: end, lines: lines)
            }
            let terminator = p[i]
            if terminator == delimiter {
                i += 1
                continue
            }
            if terminator == Byte.lf {
                spanCount = count
                return .record(nextStart: i + 1, lines: lines + 1)
            }
            // A CR: CRLF, or a lone CR line end.
            guard i + 1 < end || eof else { return cutOff(fieldStart: i, field: count) }
            spanCount = count
            return .record(nextStart: i + 1 < end && p[i + 1] == Byte.lf ? i + 2 : i + 1, lines: lines + 1)
        }
    }

    func growSpans() {
        let bigger = UnsafeMutablePointer<FieldSpan>.allocate(capacity: spanCapacity * 2)
        bigger.moveInitialize(from: spans, count: spanCapacity)
        spans.deallocate()
        spans = bigger
        spanCapacity *= 2
    }
}
