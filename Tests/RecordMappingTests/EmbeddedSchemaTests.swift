import Foundation
import JSON
import JSONSchema
import Testing
@testable import RecordMapping

@Suite("embedded schemas")
struct EmbeddedSchemaTests {
    @Test(arguments: ["inquiry-fields.schema.json", "mapping.schema.json"])
    func embeddedCopyEqualsTheFileByteForByte(name: String) throws {
        let embedded = name == "mapping.schema.json" ? EmbeddedSchemas.mapping : EmbeddedSchemas.inquiryFields
        guard let root = Support.root() else {
            Issue.record("schemas/ not found above \(#filePath)")
            return
        }
        let file = try Data(contentsOf: root.appendingPathComponent("schemas").appendingPathComponent(name))
        #expect(file.elementsEqual(embedded.utf8), "regenerate Sources/RecordMapping/EmbeddedSchemas.swift from schemas/\(name)")
    }

    @Test func bothCompile() throws {
        _ = try BuiltInSchemas.inquiryFields.get()
        _ = try BuiltInSchemas.mapping.get()
    }

    @Test func countryEnumListsEveryISOCode() throws {
        let document = try JSONValue(parsing: Array(EmbeddedSchemas.inquiryFields.utf8))
        guard case .object(let root) = document, case .object(let defs) = root["$defs"],
            case .object(let country) = defs["country-code"], case .array(let codes) = country["enum"]
        else {
            Issue.record("no $defs/country-code/enum")
            return
        }
        let listed = Set(codes.compactMap { code -> String? in if case .string(let text) = code { return text } else { return nil } })
        #expect(codes.count == 249)
        #expect(listed == Set(ISO3166.countries.map(\.alpha2)))
    }

    @Test func mappingSchemaAcceptsTheSamplesAndRejectsBadMappings() throws {
        let schema = try BuiltInSchemas.mapping.get()
        func valid(_ yaml: String) throws -> Bool {
            schema.isValid(try YAMLDocument(text: yaml, file: "t.yaml").json())
        }
        #expect(try valid(Support.customerMapping))
        #expect(try !valid("template: itm_x\nfields: { name-first: First }"))
        #expect(try !valid("template: { inquiry-template-id: itmpl_A, template-id: tmpl_B }\nfields: { name-first: First }"))
        #expect(try !valid("fields: { name-first: First }\ncolour: blue"))
        #expect(try !valid("fields: { name-first: { colum: First } }"))
        #expect(try !valid("fields: { name-first: First }\nmeta: { auto-create-acount: true }"))
        #expect(try !valid("fields: { name-first: First }\nmeta: { auto-create-account-reference-id: { column: A, value: B } }"))
        #expect(try !valid("fields: {}"))
    }

    /// The mapping schema is the one list of `meta` keys the parser knows (and their kinds).
    @Test func metaKeysComeFromTheMappingSchema() {
        let kinds = Dictionary(uniqueKeysWithValues: MetaKeys.all.map { ($0.key, $0.kind) })
        #expect(kinds == [
            "auto-create-account": .bool,
            "auto-create-account-type-id": .string(prefix: "acttp_"),
            "auto-create-account-reference-id": .string(prefix: nil),
            "expiration-after-create-interval-seconds": .seconds,
            "expiration-after-start-interval-seconds": .seconds,
            "expiration-after-resume-interval-seconds": .seconds,
            "one-time-link-expiration-seconds": .seconds,
            "auto-create-inquiry-session": .bool,
            "auto-create-one-time-link": .bool,
        ])
        #expect(MetaKeys.names == MetaKeys.names.sorted())
        #expect(MetaKeys.read(mappingSchema: "{}").isEmpty)
        #expect(MetaKeys.read(mappingSchema: #"{"properties": {"meta": {"properties": {"x": {"type": "boolean"}, "y": {"type": "string"}}}}}"#).map(\.key) == ["x"])
    }
}
