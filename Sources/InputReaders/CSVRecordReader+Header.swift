import ImportCore

extension CSVRecordReader {
    /// Reads the first buffer, skips a BOM, settles the delimiter and reads the header line.
    func readHeader() throws(InputError) {
        try fill()
        while !atEOF && end < 3 { try fill() }
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        if sniffDelimiter { try sniff() }
        recordLimit = maxFieldBytes
        while true {
            switch scanRecord() {
            case .record(let nextStart, let lines):
                headerLine = line
                var names = try headerNames()
                unguardsCells = RejectsFileFormat.isRejectsHeader(names)
                if unguardsCells { names = names.map(RejectsFileFormat.unguarded) }
                header = FieldNames(names)
                let (limit, overflow) = maxFieldBytes.multipliedReportingOverflow(by: names.count + 1)
                recordLimit = overflow ? Int.max : limit
                start = nextStart
                line += lines
                return
            case .blank(let nextStart):
                start = nextStart
                line += 1
            case .needMore:
                try makeRoom()
            case .endOfInput:
                finished = true
                throw InputError.emptyFile(fileName)
            case .unterminatedQuote(let openLine):
                finished = true
                throw InputError.unterminatedQuote(fileName, line: openLine)
            case .fieldTooLarge:
                finished = true
                throw InputError.badHeader(
                    fileName, line: line, "it is longer than the \(maxFieldBytes)-byte field size limit")
            }
        }
    }

    /// The trimmed header names; empty, repeated or undecodable names are a file error.
    func headerNames() throws(InputError) -> [String] {
        var names: [String] = []
        names.reserveCapacity(spanCount)
        var problems: [String] = []
        var empty: [Int] = []
        var firstColumn: [String: Int] = [:]
        var repeats: [(name: String, columns: [Int])] = []
        if (0..<spanCount).contains(where: { spans[$0].flags & FieldSpan.nul != 0 }) {
            throw InputError.badHeader(
                fileName, line: line,
                "it has NUL bytes between its characters, so the file is probably UTF-16 without a byte-order mark: "
                    + "pass --encoding utf-16le (Excel's \"Unicode Text\"), or utf-16be")
        }
        for index in 0..<spanCount {
            var reasons: [String] = []
            let raw = decodeSlowly(spans[index], column: index, reasons: &reasons)
            if !reasons.isEmpty {
                problems.append("column \(index + 1) cannot be read as a name: " + reasons.joined(separator: "; "))
            }
            let name = trimmed(raw)
            names.append(name)
            if name.isEmpty {
                empty.append(index + 1)
            } else if let earlier = firstColumn[name] {
                if let at = repeats.firstIndex(where: { $0.name == name }) {
                    repeats[at].columns.append(index + 1)
                } else {
                    repeats.append((name, [earlier + 1, index + 1]))
                }
            } else {
                firstColumn[name] = index
            }
        }
        if !empty.isEmpty {
            let list = empty.map(String.init).joined(separator: ", ")
            problems.append("column\(empty.count == 1 ? "" : "s") \(list) \(empty.count == 1 ? "has" : "have") an empty name")
        }
        for (name, columns) in repeats {
            problems.append("\"\(name)\" names columns \(columns.map(String.init).joined(separator: ", "))")
        }
        guard problems.isEmpty else {
            throw InputError.badHeader(
                fileName, line: headerLine, problems.joined(separator: "; ") + ": give every column a unique, non-empty name")
        }
        return names
    }

    /// Picks the most frequent of `,` `;` tab `|` outside quotes on the first non-empty line.
    func sniff() throws(InputError) {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), Byte.tab, UInt8(ascii: "|")]
        while true {
            var counts = [0, 0, 0, 0]
            var i = start
            while i < end && (buffer[i] == Byte.lf || buffer[i] == Byte.cr) { i += 1 }
            var inQuotes = false
            var complete = false
            while i < end {
                let byte = buffer[i]
                if byte == Byte.quote {
                    inQuotes.toggle()
                } else if !inQuotes {
                    if byte == Byte.lf || byte == Byte.cr {
                        complete = true
                        break
                    }
                    if let at = candidates.firstIndex(of: byte) { counts[at] += 1 }
                }
                i += 1
            }
            if complete || atEOF || end - start > maxFieldBytes {
                var best = 0
                for at in 1..<candidates.count where counts[at] > counts[best] { best = at }
                delimiter = candidates[best]
                buildClassTables()
                return
            }
            try makeRoom()
        }
    }

    private func trimmed(_ name: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = name.firstIndex(where: { !isBlank($0) }),
            let last = name.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(name[first...last])
    }
}
