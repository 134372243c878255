import ImportCore
import InputReaders
import Testing

/// What the tree-building reader did implicitly and the SAX reader does by hand: text runs,
/// attribute decoding, undeclared prefixes, line numbers.
@Suite("XML: text runs, attribute values, names")
struct XMLTextRunTests {
    @Test("whitespace-only runs are dropped; comments and PIs split runs; CDATA is kept even when blank")
    func textRuns() throws {
        let xml = """
            <r>
              <c>
                <a>   </a>
                <b>\n\t</b>
                <d> x </d>
                <e>x<!--c-->y</e>
                <f> <!--c--> y </f>
                <g><![CDATA[  ]]></g>
                <h> <![CDATA[z]]> </h>
                <i>a<?pi x?>b</i>
              </c>
            </r>
            """
        let outcome = try read(xml, name: "x.xml")
        #expect(outcome.error == nil)
        let record = try #require(outcome.records.first)
        #expect(record.names.names == ["a", "b", "d", "e", "f", "g", "h", "i"])
        #expect(record.values == ["", "", " x ", "xy", " y ", "  ", "z", "ab"])
    }

    @Test("attribute values are decoded: entities, character references, normalized whitespace")
    func attributeValues() throws {
        let xml = "<r><c a=\"x &amp; y\" b=\"&#38;&#38;\" q=\"&lt;&gt;&quot;&apos;\" t=\"a\tb\nc\" e=\"\"><v k=\"&amp;amp;\">1</v></c></r>"
        let outcome = try read(xml, name: "x.xml")
        #expect(outcome.error == nil)
        let record = try #require(outcome.records.first)
        #expect(record.names.names == ["@a", "@b", "@q", "@t", "@e", "v/@k", "v"])
        #expect(record.values == ["x & y", "&&", "<>\"'", "a b c", "", "&amp;", "1"])
    }

    @Test("an undeclared prefix stays in the name; the namespace error follows the records")
    func undeclaredPrefix() throws {
        let outcome = try read("<r><c x:k=\"1\"><x:a>1</x:a></c><c><a>2</a></c></r>", name: "x.xml")
        #expect(outcome.records.map(\.names.names) == [["@x:k", "x:a"], ["a"]])
        #expect(outcome.records.map(\.values) == [["1", "1"], ["2"]])
        let error = try #require(outcome.error)
        #expect(error.message.contains("Namespace prefix x"))
    }

    @Test("record lines stay exact past line 65535")
    func linesPastSixteenBits() throws {
        var xml = "<customers>\n"
        for n in 1...70_000 { xml += "<customer><id>\(n)</id></customer>\n" }
        xml += "</customers>\n"
        let outcome = try read(xml, name: "big.xml")
        #expect(outcome.error == nil)
        #expect(outcome.records.count == 70_000)
        #expect(outcome.records.allSatisfy { $0.line == $0.number + 1 })
    }

    @Test("a record split across many parser chunks reads whole")
    func chunkBoundaries() throws {
        let long = String(repeating: "v", count: 700_000)
        let xml = "<r><c><a>\(long)</a><b>é€😀</b></c><c><a>2</a><b/></c></r>"
        let outcome = try read(xml, name: "x.xml")
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [[long, "é€😀"], ["2", ""]])
    }
}
