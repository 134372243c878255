extension CSVRecordReader {
    /// The common case, scanned with few live values: a record at `start` of unquoted fields
    /// without control bytes and quoted fields without `""`, line breaks or NUL, ending in LF
    /// or CRLF inside the buffer, no larger than the field limit. Fills `spans` as `scanRecord`
    /// would and returns where the next record starts; returns -1 for anything else (an
    /// escaped quote, text after a closing quote, a blank line, a control byte, a lone CR, the
    /// end of the buffer, a record over the limit, more fields than `spans` holds), and then
    /// `scanRecord`, which knows every rule, scans the record again from its start.
    @inline(__always)
    func scanSimpleRecord() -> Int {
        let p = buffer
        let end = self.end
        let recordStart = start
        var i = recordStart
        if i == end { return -1 }
        let first = p[i]
        if first == Byte.lf || first == Byte.cr { return -1 }
        let delimiterWord = self.delimiterWord
        let delimiter = self.delimiter
        let spans = self.spans
        let capacity = spanCapacity
        var count = 0
        let quoted = quotedClass
        while true {
            if count == capacity { return -1 }
            var contentStart = i
            var flags: UInt8 = 0
            if p[i] == Byte.quote {
                // A quoted field without `""`, line breaks or NUL: to the closing quote.
                i &+= 1
                contentStart = i
                while quoted[Int(p[i])] == 0 { i &+= 1 }
                if p[i] != Byte.quote || i &+ 1 >= end || p[i &+ 1] == Byte.quote { return -1 }
                spans[count] = FieldSpan(start: contentStart, end: i, flags: FieldSpan.nonASCII)  // validated later, as in `scanRecord`
                i &+= 1
            } else {
                var highBits: UInt64 = 0
                SWAR.skipToStop(p, &i, delimiterWord: delimiterWord, highBits: &highBits)
                if highBits & SWAR.highs != 0 { flags = FieldSpan.nonASCII }
                spans[count] = FieldSpan(start: contentStart, end: i, flags: flags)
            }
            let stop = p[i]
            count &+= 1
            if stop == delimiter {
                i &+= 1
                continue
            }
            var next: Int
            if stop == Byte.lf && i < end {
                next = i &+ 1
            } else if stop == Byte.cr && i &+ 1 < end && p[i &+ 1] == Byte.lf {
                next = i &+ 2
            } else {
                return -1
            }
            // No field can be over the limit when the whole record is not.
            if i &- recordStart > maxFieldBytes { return -1 }
            spanCount = count
            return next
        }
    }
}
