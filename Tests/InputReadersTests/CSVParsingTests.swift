import ImportCore
import InputReaders
import Testing

@Suite("CSV: RFC 4180 parsing")
struct CSVParsingTests {
    @Test("quoted fields with escaped quotes, delimiters and line breaks inside")
    func quotedFields() throws {
        let outcome = try read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"l1\nl2\r\nl3\rl4\"\n")
        #expect(outcome.error == nil)
        #expect(outcome.records.count == 1)
        #expect(outcome.records.first?.values == ["x, y", "say \"hi\"", "l1\nl2\r\nl3\rl4"])
    }

    @Test("LF, CRLF and lone CR line ends, mixed, and a last line without one")
    func lineEnds() throws {
        let outcome = try read("h1,h2\r\n1,2\n3,4\r5,6\r\n7,8")
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"]])
        #expect(outcome.records.map(\.line) == [2, 3, 4, 5])
        #expect(outcome.records.map(\.number) == [1, 2, 3, 4])
    }

    @Test("lone CR line ends throughout")
    func loneCR() throws {
        let outcome = try read("a,b\rx,y\r\"q\rr\",z\rlast,row\r")
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["x", "y"], ["q\rr", "z"], ["last", "row"]])
        #expect(outcome.records.map(\.line) == [2, 3, 5])
    }

    @Test("a UTF-8 BOM is skipped and blank lines are skipped but counted")
    func bomAndBlankLines() throws {
        let outcome = try read(bytes: [0xEF, 0xBB, 0xBF] + Array("\nid,name\n\n1,Ann\r\n\r\n2,Bob\n\n".utf8))
        #expect(outcome.error == nil)
        #expect(outcome.records.first?.names.names == ["id", "name"])
        #expect(outcome.records.map(\.values) == [["1", "Ann"], ["2", "Bob"]])
        #expect(outcome.records.map(\.line) == [4, 6])
        #expect(outcome.records.map(\.number) == [1, 2])
    }

    @Test("line numbers count the lines inside quoted fields")
    func linesAfterMultilineFields() throws {
        let outcome = try read("a,b\n1,\"two\nlines\"\n2,\"three\r\nline\r\nfield\"\n3,x\n")
        #expect(outcome.records.map(\.line) == [2, 4, 7])
    }

    @Test("empty fields, quoted and not, and a trailing delimiter")
    func emptyFields() throws {
        let outcome = try read("a,b,c\n,\"\",\n1,2,\n")
        #expect(outcome.records.map(\.values) == [["", "", ""], ["1", "2", ""]])
    }

    @Test("every record shares one FieldNames instance")
    func sharedNames() throws {
        let outcome = try read("a,b\n1,2\n3,4\n")
        let records = outcome.records
        try #require(records.count == 2)
        #expect(records[0].names === records[1].names)
    }

    @Test("non-ASCII UTF-8 values pass through unchanged")
    func unicode() throws {
        let outcome = try read("name,city\nZoë Müller,São Paulo\n\"José, Jr.\",東京\n")
        #expect(outcome.records.map(\.values) == [["Zoë Müller", "São Paulo"], ["José, Jr.", "東京"]])
    }

    @Test("a quote inside an unquoted field is kept as is")
    func quoteInsideUnquoted() throws {
        let outcome = try read("a,b\n5'10\",x\n")
        #expect(outcome.records.first?.values == ["5'10\"", "x"])
    }

    @Test("a 5 MB quoted field is read whole when the field limit allows it")
    func hugeQuotedField() throws {
        let big = String(repeating: "abc,\"\n", count: 5 * 1024 * 1024 / 6)
        let escaped = big.replacingOccurrences(of: "\"", with: "\"\"")
        let options = ReaderOptions(maxFieldBytes: 8 << 20)
        let outcome = try read("a,b\n1,\"\(escaped)\"\n2,after\n", options)
        #expect(outcome.error == nil)
        #expect(outcome.records.count == 2)
        #expect(outcome.records.first?.values[1] == big)
        #expect(outcome.records.last?.values == ["2", "after"])
        #expect(outcome.records.last?.line == 3 + big.filter { $0 == "\n" }.count)
    }

    @Test("fields and records that straddle the 1 MiB read buffer")
    func bufferBoundaries() throws {
        // Rows of varying length so every kind of byte lands on a buffer boundary somewhere.
        var text = "id,value,note\n"
        var expected: [[String]] = []
        for n in 0..<40_000 {
            let value = String(repeating: "v", count: n % 37)
            let note = n % 5 == 0 ? "q\"\"uote, \r\nnext" : "plain"
            text += "\(n),\(value),\"\(note)\"" + (n % 3 == 0 ? "\r\n" : (n % 3 == 1 ? "\n" : "\r"))
            expected.append(["\(n)", value, note.replacingOccurrences(of: "\"\"", with: "\"")])
        }
        let outcome = try read(text)
        #expect(outcome.error == nil)
        #expect(outcome.rowErrors.isEmpty)
        #expect(outcome.records.map(\.values) == expected)
    }
}
