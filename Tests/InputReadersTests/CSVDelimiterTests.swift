import ImportCore
import InputReaders
import Testing

@Suite("CSV: delimiters")
struct CSVDelimiterTests {
    @Test("explicit delimiters", arguments: [
        (CSVDelimiter.semicolon, ";"), (CSVDelimiter.tab, "\t"), (CSVDelimiter.pipe, "|"), (CSVDelimiter.comma, ","),
    ])
    func explicit(delimiter: CSVDelimiter, separator: String) throws {
        let text = ["a", "b", "c"].joined(separator: separator) + "\n"
            + ["1", "\"x\(separator)y\"", "3,5"].joined(separator: separator) + "\n"
        let outcome = try read(text, ReaderOptions(delimiter: delimiter))
        #expect(outcome.error == nil)
        let expectedLast = separator == "," ? nil : "3,5"
        if let expectedLast {
            #expect(outcome.records.first?.values == ["1", "x\(separator)y", expectedLast])
        } else {
            // With a comma delimiter the unquoted "3,5" splits: a ragged row.
            #expect(outcome.rowErrors.first?.reasons.first == "has 4 fields, header has 3")
        }
    }

    @Test("auto picks the most frequent candidate outside quotes on the header line", arguments: [
        ("a;b;c\n1;2;3\n", ["1", "2", "3"]),
        ("a\tb\tc\n1\t2\t3\n", ["1", "2", "3"]),
        ("a|b|c\n1|2|3\n", ["1", "2", "3"]),
        ("\"x,y,z\";b\n1;2\n", ["1", "2"]),
        ("a,b;c\n1,2;3\n", ["1", "2;3"]),
        ("single\nvalue\n", ["value"]),
    ])
    func auto(text: String, values: [String]) throws {
        let outcome = try read(text, ReaderOptions(delimiter: .auto))
        #expect(outcome.error == nil)
        #expect(outcome.records.first?.values == values)
    }

    @Test("a .tsv file is read with a tab delimiter")
    func tsvExtension() throws {
        let outcome = try read("a\tb\n1,5\t2\n", name: "export.tsv")
        #expect(outcome.records.first?.values == ["1,5", "2"])
    }

    @Test("delimiter option values parse")
    func optionParsing() {
        #expect(CSVDelimiter(option: ";") == .semicolon)
        #expect(CSVDelimiter(option: "tab") == .tab)
        #expect(CSVDelimiter(option: "\\t") == .tab)
        #expect(CSVDelimiter(option: "auto") == .auto)
        #expect(CSVDelimiter(option: "|") == .pipe)
        #expect(CSVDelimiter(option: "xx") == nil)
    }
}

@Suite("CSV: unusable delimiters")
struct CSVBadDelimiterTests {
    @Test("a quote, line break, NUL or non-ASCII delimiter is refused", arguments: [UInt8(ascii: "\""), 0x0A, 0x0D, 0, 0xC3])
    func refused(byte: UInt8) throws {
        let outcome = try read("a,b\n1,2\n", ReaderOptions(delimiter: .character(byte)))
        #expect(outcome.error?.message.hasPrefix("cannot use byte 0x") == true)
        #expect(outcome.events.isEmpty)
    }
}
