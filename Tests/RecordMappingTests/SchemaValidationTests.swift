import ImportCore
import JSONSchema
import Testing
@testable import RecordMapping

@Suite("validation against the built-in inquiry-fields schema")
struct SchemaValidationTests {
    static let keys = PrefillFieldKeys.standard
    let names = FieldNames(["reference-id"] + SchemaValidationTests.keys)

    /// A valid row, with `changes` applied (by field key).
    func row(_ changes: [String: String] = [:]) -> [String] {
        let good: [String: String] = [
            "reference-id": "C1", "name-first": "Ada", "name-middle": "L", "name-last": "Samplesmith",
            "birthdate": "1994-04-12", "email-address": "ada@example.com", "phone-number": "+14155550132",
            "address-street-1": "100 Market St", "address-street-2": "Floor 2", "address-city": "San Francisco",
            "address-subdivision": "California", "address-postal-code": "94105", "address-country-code": "US",
            "identification-number": "123-45-6789",
        ]
        return names.names.map { changes[$0] ?? good[$0] ?? "" }
    }

    func reasons(_ changes: [String: String]) throws -> [String] {
        let mapper = RecordMapper(configuration: try .headerMode(template: "itmpl_Abc123"))
        return try #require(Support.reasons(mapper.map(Support.record(names, row(changes)))))
    }

    @Test func goodRowIsValid() throws {
        let mapper = RecordMapper(configuration: try .headerMode(template: "itmpl_Abc123"))
        let draft = try #require(Support.draft(mapper.map(Support.record(names, row()))))
        #expect(draft.fields.count == 13)
        #expect(draft.fields.map(\.key) == Self.keys)
    }

    @Test func missingLastName() throws {
        let reasons = try reasons(["name-last": " "])
        #expect(reasons.count == 1)
        #expect(reasons[0].hasPrefix("/fields: "))
        #expect(reasons[0].contains("name-last"))
    }

    @Test func notACalendarDate() throws {
        let reasons = try reasons(["birthdate": "1990-02-30"])
        #expect(reasons == [#"/fields/birthdate: format "date": not a calendar date"#] || reasons.allSatisfy { $0.hasPrefix("/fields/birthdate: format") })
        #expect(!reasons.joined().contains("1990"))
    }

    @Test(arguments: [
        ("birthdate", "04/12/1994"),
        ("email-address", "ada.example.com"),
        ("phone-number", "4155550132"),
        ("phone-number", "+1415"),
        ("address-country-code", "USA"),
        ("address-country-code", "XX"),
        ("address-postal-code", String(repeating: "9", count: 21)),
        ("name-first", String(repeating: "a", count: 101)),
        ("address-street-1", String(repeating: "a", count: 201)),
        ("identification-number", String(repeating: "1", count: 51)),
        ("email-address", String(repeating: "a", count: 250) + "@example.com"),
    ])
    func eachRuleFailsAtItsPointer(key: String, value: String) throws {
        let reasons = try reasons([key: value])
        #expect(!reasons.isEmpty)
        for reason in reasons {
            #expect(reason.hasPrefix("/fields/\(key): "), "\(reason)")
            #expect(!reason.contains(value), "the value must not appear in \(reason)")
        }
    }

    @Test func transformAndSchemaErrorsAreReportedTogether() throws {
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        var values = Support.goodCustomer
        values[3] = ""  // Last Name
        values[4] = "13/45/1994"  // DOB
        values[5] = "not-an-email"
        let reasons = try #require(Support.reasons(mapper.map(Support.record(Support.customerHeader, values))))
        #expect(reasons.contains(#"/fields/birthdate: column "DOB" (field 5): date: not a calendar date"#))
        #expect(reasons.contains { $0.hasPrefix("/fields: ") && $0.contains("name-last") })
        #expect(reasons.contains { $0.hasPrefix("/fields/email-address: ") })
        // The field whose transform failed is left out of the schema instance: one reason for it.
        #expect(reasons.filter { $0.hasPrefix("/fields/birthdate") }.count == 1)
    }

    @Test func dateThatFitsNoFormat() throws {
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        var values = Support.goodCustomer
        values[4] = "1994-04-12"
        let reasons = try #require(Support.reasons(mapper.map(Support.record(Support.customerHeader, values))))
        #expect(reasons == [#"/fields/birthdate: column "DOB" (field 5): date: matches none of MM/dd/yyyy"#])
    }

    @Test func schemaFileReplacesTheBuiltIn() throws {
        let mapper = RecordMapper(configuration: try .headerMode(template: "itmpl_Abc123", schema: try JSONSchemaFixtures.allowingCustomFields()))
        let shape = FieldNames(["name-first", "name-last"])
        #expect(Support.draft(mapper.map(Support.record(shape, ["Ada", ""]))) != nil)
        let reasons = try #require(Support.reasons(mapper.map(Support.record(shape, ["Ada", "Samplesmithington"]))))
        #expect(reasons.count == 1 && reasons[0].hasPrefix("/fields/name-last: "))
    }

    @Test func badSchemaFileIsASetupError() throws {
        do {
            _ = try MappingConfiguration.load(mappingFile: nil, schemaFile: "/nonexistent/schema.json", templateOverride: "itmpl_A1")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("--schema /nonexistent/schema.json: "))
        }
    }
}
