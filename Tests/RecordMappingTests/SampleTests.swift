import Foundation
import ImportCore
import Testing
@testable import RecordMapping

@Suite("samples/")
struct SampleTests {
    func sample(_ name: String) throws -> URL? {
        guard let root = Support.root() else {
            Issue.record("samples/ not found above \(#filePath)")
            return nil
        }
        return root.appendingPathComponent("samples").appendingPathComponent(name)
    }

    @Test func customersCSVMapsWithExactlyThreeRejects() throws {
        guard let csv = try sample("customers.csv"), let mapping = try sample("customers.mapping.yaml") else { return }
        let configuration = try MappingConfiguration.load(mappingFile: mapping.path, schemaFile: nil, templateOverride: nil)
        let mapper = RecordMapper(configuration: configuration)
        let records = Support.records(csv: try String(contentsOf: csv, encoding: .utf8))
        #expect(records.count == 20)
        #expect(records[0].names.names == Support.customerHeader.names)
        try mapper.prepare(for: records[0].names)
        var valid: [ValidRecord] = []
        var rejected: [RowError] = []
        for record in records {
            switch mapper.map(record) {
            case .valid(let record): valid.append(record)
            case .rejected(let error): rejected.append(error)
            }
        }
        #expect(valid.count == 17)
        #expect(rejected.map(\.line) == [6, 12, 18])
        #expect(rejected[0].reasons == [#"/fields/birthdate: column "DOB" (field 5): date: not a calendar date"#])
        #expect(rejected[1].reasons.count == 1 && rejected[1].reasons[0].hasPrefix("/fields: ") && rejected[1].reasons[0].contains("name-last"))
        #expect(rejected[2].reasons.count == 1 && rejected[2].reasons[0].hasPrefix("/fields/email-address: "))

        let byID = Dictionary(uniqueKeysWithValues: valid.map { ($0.draft.referenceID ?? "", $0.draft) })
        let first = try #require(byID["C1001"])
        #expect(first.field("phone-number") == "+14155550132")
        #expect(first.field("address-subdivision") == "California")
        #expect(first.meta.first?.value == .string("C1001"))
        #expect(first.tags == ["nightly-import"])
        #expect(byID["C1003"]?.field("address-street-1") == "350 Fifth Ave, Suite 7600")
        #expect(byID["C1007"]?.field("address-subdivision") == "Colorado")
        #expect(byID["C1008"]?.field("address-country-code") == "CA")
        #expect(byID["C1008"]?.field("address-subdivision") == nil)
        #expect(byID["C1013"]?.field("birthdate") == "2000-02-29")
        #expect(byID["C1018"]?.field("address-country-code") == "PR")
        #expect(byID["C1006"]?.field("phone-number") == "+12065550171")
    }

    @Test func personaHeadersCSVMapsWithoutAMappingFile() throws {
        guard let csv = try sample("persona-headers.csv") else { return }
        let configuration = try MappingConfiguration.load(mappingFile: nil, schemaFile: nil, templateOverride: "itmpl_SampleTemplate0000000001")
        let mapper = RecordMapper(configuration: configuration)
        let records = Support.records(csv: try String(contentsOf: csv, encoding: .utf8))
        #expect(records.count == 5)
        try mapper.prepare(for: records[0].names)
        let drafts = records.compactMap { Support.draft(mapper.map($0)) }
        #expect(drafts.count == 5)
        #expect(drafts.map { $0.referenceID ?? "" } == ["P2001", "P2002", "P2003", "P2004", "P2005"])
    }

    @Test func xmlMappingLoadsAndMapsTheXMLShape() throws {
        guard let mapping = try sample("customers-xml.mapping.yaml"), let xml = try sample("customers.xml") else { return }
        let configuration = try MappingConfiguration.load(mappingFile: mapping.path, schemaFile: nil, templateOverride: nil)
        let mapper = RecordMapper(configuration: configuration)
        let names = FieldNames(["@id", "first-name", "middle-name", "last-name", "dob", "email", "phone", "address/street",
                                "address/street-2", "address/city", "address/state", "address/postal-code", "address/country"])
        try mapper.prepare(for: names)
        let draft = try #require(Support.draft(mapper.map(Support.record(names, [
            "C1001", "Ada", "L", "Samplesmith", "1994-04-12", "ada.samplesmith@example.com", "(415) 555-0132",
            "100 Market St", "Floor 2", "San Francisco", "CA", "94105", "USA",
        ]))))
        #expect(draft.referenceID == "C1001")
        #expect(draft.field("birthdate") == "1994-04-12")
        let text = try String(contentsOf: xml, encoding: .utf8)
        #expect(text.components(separatedBy: "<customer id=").count - 1 == 20)
    }
}
