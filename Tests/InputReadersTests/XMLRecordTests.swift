import ImportCore
import InputReaders
import Testing

@Suite("XML: records and fields")
struct XMLRecordTests {
    static let customers = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- an export -->
        <customers generated="today">
          <customer id="7" status="new">
            <first-name>Ann</first-name>
            <middle-name/>
            <address kind="home">
              <street>1 Main St</street>
              <city>Springfield</city>
            </address>
            <note><![CDATA[likes <b>bold</b> & more]]></note>
          </customer>
          <customer id="8">
            <first-name>Bob &amp; Co</first-name>
            <middle-name>   </middle-name>
            <address kind="work"><street>2 Elm</street><city>Shelbyville</city></address>
            <note>plain</note>
          </customer>
        </customers>
        """

    @Test("each child of the root is a record: attributes, nested fields, CDATA, empty elements")
    func defaultRecords() throws {
        let outcome = try read(Self.customers, name: "customers.xml")
        #expect(outcome.error == nil)
        let records = outcome.records
        try #require(records.count == 2)
        #expect(records[0].names.names == [
            "@id", "@status", "first-name", "middle-name", "address/@kind", "address/street", "address/city", "note",
        ])
        #expect(records[0].values == ["7", "new", "Ann", "", "home", "1 Main St", "Springfield", "likes <b>bold</b> & more"])
        #expect(records[1]["first-name"] == "Bob & Co")
        #expect(records[1]["middle-name"] == "")
        #expect(records[1]["address/city"] == "Shelbyville")
        #expect(records[1]["@status"] == nil)
        #expect(records.map(\.line) == [4, 13])
        #expect(records.map(\.number) == [1, 2])
    }

    @Test("records with the same shape share one FieldNames instance")
    func sharedShape() throws {
        let outcome = try read("<r><c><a>1</a><b>2</b></c><c><a>3</a><b>4</b></c><c><b>5</b></c></r>", name: "x.xml")
        let records = outcome.records
        try #require(records.count == 3)
        #expect(records[0].names === records[1].names)
        #expect(records[2].names.names == ["b"])
    }

    @Test("recordElement picks elements by local name at any depth, namespaces ignored")
    func recordElementByName() throws {
        let xml = """
            <export xmlns="urn:x" xmlns:p="urn:p">
              <meta><count>2</count></meta>
              <batch>
                <p:person p:id="1"><p:name>Ann</p:name><p:person>nested</p:person></p:person>
                <group><person id="2"><name>Bob</name></person></group>
              </batch>
            </export>
            """
        let outcome = try read(xml, name: "x.xml", ReaderOptions(recordElement: "person"))
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["1", "Ann", "nested"], ["2", "Bob"]])
        #expect(outcome.records.first?.names.names == ["@id", "name", "person"])
        #expect(outcome.records.map(\.line) == [4, 5])
    }

    @Test("a repeated field is a row error naming it; reading goes on")
    func repeatedField() throws {
        let outcome = try read("<r><c><phone>1</phone><phone>2</phone></c><c><phone>3</phone></c></r>", name: "x.xml")
        #expect(outcome.error == nil)
        let error = try #require(outcome.rowErrors.first)
        #expect(error.reasons.count == 1)
        #expect(error.reasons.first?.hasPrefix("field \"phone\" appears more than once") == true)
        #expect(error.values == ["1", "2"])
        #expect(outcome.records.map(\.values) == [["3"]])
        #expect(outcome.records.first?.number == 2)
    }

    @Test("a text value over maxFieldBytes is a row error")
    func oversizedText() throws {
        let big = String(repeating: "x", count: 5000)
        let outcome = try read("<r><c><a>\(big)</a><b>ok</b></c><c a=\"\(big)\"/><c><a>1</a></c></r>", name: "x.xml",
            ReaderOptions(maxFieldBytes: 1000))
        #expect(outcome.error == nil)
        #expect(outcome.rowErrors.count == 2)
        #expect(outcome.rowErrors.first?.reasons == ["field \"a\" is larger than the 1000-byte field size limit (raise the limit if the value is genuine)"])
        #expect(outcome.rowErrors.last?.reasons.first?.contains("\"@a\"") == true)
        #expect(outcome.records.map(\.values) == [["1"]])
    }

    @Test("a document with only a root has no records")
    func emptyRoot() throws {
        let outcome = try read("<?xml version=\"1.0\"?>\n<customers/>\n", name: "x.xml")
        #expect(outcome.error == nil)
        #expect(outcome.events.isEmpty)
    }

    @Test("100 levels of nesting read as one deep field")
    func deepNesting() throws {
        let names = (1...100).map { "e\($0)" }
        let xml = "<r><c>" + names.map { "<\($0)>" }.joined() + "deep" + names.reversed().map { "</\($0)>" }.joined()
            + "</c></r>"
        let outcome = try read(xml, name: "x.xml")
        #expect(outcome.error == nil)
        #expect(outcome.records.first?.names.names == [names.joined(separator: "/")])
        #expect(outcome.records.first?.values == ["deep"])
    }
}
