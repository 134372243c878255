import ImportCore
import InputReaders
import Testing

/// Record lines, row-error lines and file-error lines are exact at any file size: libxml2's
/// parser counts lines in an `int` (`XML_PARSE_BIG_LINES` is passed too, so nothing saturates
/// at 65,535), and the rejects file and every message take their line from there.
@Suite("XML: record line numbers")
struct XMLLineNumberTests {
    @Test("record lines are the start tag's line, exact past line 65,535")
    func lines() throws {
        var xml = "<customers>\n"
        for n in 1...80_000 { xml += "<customer><id>\(n)</id></customer>\n" }
        xml += "</customers>\n"
        let outcome = try read(xml, name: "big.xml")
        #expect(outcome.error == nil)
        let records = outcome.records
        try #require(records.count == 80_000)
        let wrong = records.filter { $0.line != $0.number + 1 }
        #expect(wrong.isEmpty, "first wrong: record \(wrong.first?.number ?? 0) at line \(wrong.first?.line ?? 0)")
        #expect(records.last?.line == 80_001)
    }

    /// Multi-line comments, start tags spanning lines, CDATA and text with line breaks, CRLF
    /// line ends and processing instructions, with the expected line worked out as the file is
    /// written: the line on which each record's start tag ends.
    @Test("exact lines in a varied document of over 70,000 lines", arguments: ["\n", "\r\n"])
    func variedDocument(newline: String) throws {
        var xml = "<?xml version=\"1.0\"?>" + newline + "<root>" + newline
        var line = 2
        var expected: [Int] = []
        func add(_ text: String, tagEndsAfter breaks: Int) {
            expected.append(line + 1 + breaks)
            xml += text + newline
            line += 1 + text.utf8.filter { $0 == 0x0A }.count
        }
        for n in 1...30_000 {
            switch n % 5 {
            case 0:
                xml += "<!-- note" + newline + "\(n)" + newline + "-->" + newline
                line += 3
                add("<rec id=\"\(n)\"><a>x</a></rec>", tagEndsAfter: 0)
            case 1:
                add("<rec" + newline + "  id=\"\(n)\">" + "<a><![CDATA[one" + newline + "two]]></a></rec>", tagEndsAfter: 1)
            case 2:
                add("<rec><a>t &amp; u" + newline + newline + "</a>" + newline + "</rec>", tagEndsAfter: 0)
            case 3:
                add("<?pi x?><rec><b>\(n)</b></rec>", tagEndsAfter: 0)
            default:
                add("<rec><id>\(n)</id><name>Abé</name></rec>", tagEndsAfter: 0)
            }
        }
        xml += "</root>" + newline
        #expect(line > 70_000)
        let outcome = try read(xml, name: "varied.xml", ReaderOptions(recordElement: "rec"))
        #expect(outcome.error == nil)
        let lines = outcome.events.map(\.line)
        try #require(lines.count == expected.count)
        let firstWrong = zip(lines, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstWrong == nil, "record \((firstWrong?.offset ?? 0) + 1): line \(firstWrong?.element.0 ?? 0), expected \(firstWrong?.element.1 ?? 0)")
    }

    @Test("a row error past line 65,535 names its exact line")
    func rowErrorLine() throws {
        var xml = "<customers>\n"
        for n in 1...70_000 { xml += "<customer><id>\(n)</id></customer>\n" }
        xml += "<customer><id>1</id><id>2</id></customer>\n</customers>\n"
        let outcome = try read(xml, name: "dup.xml")
        #expect(outcome.error == nil)
        let rowError = try #require(outcome.rowErrors.first)
        #expect(rowError.line == 70_002)
        #expect(rowError.number == 70_001)
    }

    @Test("a malformed-XML error past line 65,535 names its exact line, after every record before it")
    func fileErrorLine() throws {
        var xml = "<customers>\n"
        for n in 1...70_000 { xml += "<customer><id>\(n)</id></customer>\n" }
        xml += "<customer>\n<id>x</i></customer>\n</customers>\n"
        let outcome = try read(xml, name: "bad.xml")
        #expect(outcome.records.count == 70_000)
        let error = try #require(outcome.error)
        #expect(error.location.line == 70_003)
        #expect(error.description.contains("bad.xml:70003:"), "\(error.description)")
    }
}
