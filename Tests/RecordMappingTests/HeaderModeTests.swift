import ImportCore
import Testing
@testable import RecordMapping

@Suite("header mode: no mapping file")
struct HeaderModeTests {
    let names = FieldNames(["reference-id", "name-first", "name-last", "birthdate", "address-country-code"])

    @Test func templateIsRequired() {
        do {
            _ = try MappingConfiguration.load(mappingFile: nil, schemaFile: nil, templateOverride: nil)
            Issue.record("expected a setup error")
        } catch {
            #expect(error.message.hasPrefix("--template is required without a mapping file"))
        }
    }

    @Test func personaKeysMapThroughWithTrimOnly() throws {
        let configuration = try MappingConfiguration.load(mappingFile: nil, schemaFile: nil, templateOverride: "itmpl_Abc123")
        #expect(configuration.usesHeaderKeys)
        let mapper = RecordMapper(configuration: configuration)
        try mapper.prepare(for: names)
        let outcome = mapper.map(Support.record(names, [" P1 ", " Ada", "Samplesmith ", "1994-04-12", "US"]))
        let draft = try #require(Support.draft(outcome))
        #expect(draft.referenceID == "P1")
        #expect(draft.fields.map(\.key) == ["name-first", "name-last", "birthdate", "address-country-code"])
        #expect(draft.fields.map(\.value) == ["Ada", "Samplesmith", "1994-04-12", "US"])
        #expect(draft.template == .inquiryTemplate("itmpl_Abc123"))
        #expect(draft.tags.isEmpty && draft.meta.isEmpty)
    }

    @Test func valuesAreNotTransformedBeyondTrim() throws {
        let mapper = RecordMapper(configuration: try .headerMode(template: "itmpl_Abc123"))
        let outcome = mapper.map(Support.record(names, ["P1", "Ada", "Samplesmith", "04/12/1994", "USA"]))
        let reasons = try #require(Support.reasons(outcome))
        #expect(reasons.contains { $0.hasPrefix("/fields/birthdate: ") })
        #expect(reasons.contains { $0.hasPrefix("/fields/address-country-code: ") })
    }

    @Test func unknownColumnsAreASetupErrorNamingThem() throws {
        let mapper = RecordMapper(configuration: try .headerMode(template: "itmpl_Abc123"))
        do {
            try mapper.prepare(for: FieldNames(["name-first", "name-last", "First Name", "favourite-colour"]))
            Issue.record("expected a setup error")
        } catch {
            #expect(error.message.hasPrefix(#"input column(s) "First Name", "favourite-colour" are not Persona field keys"#))
            #expect(error.message.contains("--mapping"))
        }
    }

    @Test func rejectsColumnsAreIgnored() throws {
        let mapper = RecordMapper(configuration: try .headerMode(template: "itmpl_Abc123"))
        let shape = FieldNames(["name-first", "name-last", "_line", "_errors"])
        try mapper.prepare(for: shape)
        let draft = try #require(Support.draft(mapper.map(Support.record(shape, ["Ada", "Samplesmith", "7", "/fields: required"]))))
        #expect(draft.fields.map(\.key) == ["name-first", "name-last"])
    }

    @Test func customColumnsPassWhenTheSchemaAllowsThem() throws {
        let schema = try JSONSchemaFixtures.allowingCustomFields()
        let mapper = RecordMapper(configuration: try .headerMode(template: "itmpl_Abc123", schema: schema))
        let shape = FieldNames(["name-first", "name-last", "loyalty-tier"])
        try mapper.prepare(for: shape)
        let draft = try #require(Support.draft(mapper.map(Support.record(shape, ["Ada", "Sample", "gold"]))))
        #expect(draft.field("loyalty-tier") == "gold")
    }
}
