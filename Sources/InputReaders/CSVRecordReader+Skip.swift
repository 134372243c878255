extension CSVRecordReader {
    /// Consumes the record at `start` without storing it (it passed a size limit): a byte-wise
    /// state machine that discards the buffer as it goes, so memory stays bounded however long
    /// the record is. Leaves `start` and `line` after the record.
    func skipRecord() throws(InputError) {
        var i = start
        var inQuotes = false
        var quotePending = false  // saw a quote inside a quoted field: closing or first of a pair
        var atFieldStart = true
        var previousCR = false
        var lines = 0
        var openLine = line
        while true {
            if i == end {
                if atEOF {
                    if inQuotes && !quotePending {
                        finished = true
                        throw InputError.unterminatedQuote(fileName, line: openLine)
                    }
                    start = end
                    line += lines
                    return
                }
                start = end  // everything scanned so far is dropped
                try fill()
                i = start
                continue
            }
            let byte = buffer[i]
            if inQuotes {
                if quotePending {
                    quotePending = false
                    if byte == Byte.quote {
                        i += 1
                        continue
                    }
                    inQuotes = false  // that was the closing quote; handle `byte` below
                } else {
                    if byte == Byte.quote {
                        quotePending = true
                    } else if byte == Byte.cr {
                        lines += 1
                    } else if byte == Byte.lf && !previousCR {
                        lines += 1
                    }
                    previousCR = byte == Byte.cr
                    i += 1
                    continue
                }
            }
            if byte == Byte.quote && atFieldStart {
                inQuotes = true
                openLine = line + lines
                atFieldStart = false
            } else if byte == delimiter {
                atFieldStart = true
            } else if byte == Byte.lf {
                start = i + 1
                line += lines + 1
                return
            } else if byte == Byte.cr {
                if i + 1 == end && !atEOF {
                    start = i
                    try fill()
                    i = start
                }
                start = (i + 1 < end && buffer[i + 1] == Byte.lf) ? i + 2 : i + 1
                line += lines + 1
                return
            } else {
                atFieldStart = false
            }
            previousCR = false
            i += 1
        }
    }
}
