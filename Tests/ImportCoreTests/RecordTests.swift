import ImportCore
import Testing

@Suite struct RecordTests {
    @Test func looksUpValuesByName() {
        let names = FieldNames(["id", "name", "id"])
        let record = Record(names: names, values: ["1", "Ada", "2"], line: 3, number: 2)
        #expect(record["name"] == "Ada")
        #expect(record["id"] == "1", "the first of a repeated name wins")
        #expect(record["missing"] == nil)
        #expect(Array(record.fields.map(\.0)) == ["id", "name", "id"])
    }

    @Test func locationsPrintLikeCompilerDiagnostics() {
        #expect(SourceLocation(file: "a.csv", line: 4).description == "a.csv:4")
        #expect(SourceLocation(file: "a.xml", line: 4, column: 9).description == "a.xml:4:9")
        #expect(SourceLocation(file: "a.csv", line: 0).description == "a.csv")
    }

    @Test func draftsCompareFieldByField() {
        let draft = InquiryDraft(template: .inquiryTemplate("itmpl_x"), referenceID: "c-1", fields: [("name-first", "Ada")])
        var other = draft
        #expect(draft == other)
        other.fields[0].value = "Alan"
        #expect(draft != other)
        #expect(draft.field("name-first") == "Ada")
    }
}
