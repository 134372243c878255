import ImportCore
import Testing
@testable import RecordMapping

@Suite("columns the input lacks")
struct MissingColumnTests {
    @Test func missingColumnIsASetupErrorNamingIt() throws {
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        let names = FieldNames(Support.customerHeader.names.filter { $0 != "DOB" })
        do {
            try mapper.prepare(for: names)
            Issue.record("expected a setup error")
        } catch {
            #expect(error.message.hasPrefix(#"customers.mapping.yaml: the input has no column for /fields/birthdate: column "DOB""#))
        }
    }

    @Test func mapOnABadShapeRejectsWithTheSetupMessage() throws {
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        let names = FieldNames(["Customer ID"])
        let reasons = try #require(Support.reasons(mapper.map(Support.record(names, ["C1"]))))
        #expect(reasons.count == 1)
        #expect(reasons[0].contains("the input has no column for"))
    }

    @Test func laterShapesMayOmitColumnsSeenBefore() throws {
        // XML records leave out optional elements: once the input has shown a column, a record
        // without it maps the field as absent.
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        try mapper.prepare(for: Support.customerHeader)
        let names = FieldNames(Support.customerHeader.names.filter { $0 != "Middle Name" })
        try mapper.prepare(for: names)
        var values = Support.goodCustomer
        values.remove(at: 2)
        let draft = try #require(Support.draft(mapper.map(Support.record(names, values))))
        #expect(draft.field("name-middle") == nil)
        #expect(draft.field("name-last") == "Samplesmith")
    }
}
