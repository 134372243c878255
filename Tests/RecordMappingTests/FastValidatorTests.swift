import ImportCore
import JSON
import JSONSchema
import Testing
@testable import RecordMapping

@Suite("fast path for valid rows agrees with the whole schema")
struct FastValidatorTests {
    let values: [String: [String]] = [
        "name-first": ["Ada", "", String(repeating: "a", count: 100), String(repeating: "a", count: 101)],
        "name-last": ["Samplesmith", "", "Zoë"],
        "name-middle": ["L", String(repeating: "m", count: 101)],
        "birthdate": ["1994-04-12", "1990-02-30", "04/12/1994", "2000-02-29", "1900-02-29"],
        "email-address": ["ada@example.com", "ada.example.com", "a@b", "@example.com"],
        "phone-number": ["+14155550132", "4155550132", "+1415", "+0123456789", "+123456789012345", "+1234567890123456"],
        "address-country-code": ["US", "XX", "us", "USA", "GB"],
        "address-postal-code": ["94105", String(repeating: "9", count: 21)],
        "identification-number": ["123", String(repeating: "1", count: 51)],
        "loyalty-tier": ["gold"],
    ]

    @Test func builtInSchemaIsRecognised() throws {
        let document = try JSONValue(parsing: Array(EmbeddedSchemas.inquiryFields.utf8))
        let fast = try #require(FastValidator(document: document))
        #expect(fast.requiredFields.sorted() == ["name-first", "name-last"])
        #expect(!fast.additionalAllowed)
        #expect(fast.fieldSchemas.count == 13)
    }

    @Test func agreesOnGeneratedRows() throws {
        let document = try JSONValue(parsing: Array(EmbeddedSchemas.inquiryFields.utf8))
        let fast = try #require(FastValidator(document: document))
        let schema = try JSONSchema(document)
        var generator = SystemRandomNumberGenerator()
        let keys = values.keys.sorted()
        var validSeen = 0
        var invalidSeen = 0
        for _ in 0..<3_000 {
            var fields: [(key: String, value: String)] = []
            for key in keys where Int.random(in: 0..<10, using: &generator) < 8 {
                let choices = values[key] ?? []
                // Mostly the first (good) value, so that valid rows are common.
                let value = Int.random(in: 0..<3, using: &generator) == 0 ? (choices.randomElement(using: &generator) ?? "") : choices[0]
                if key == "loyalty-tier" && Int.random(in: 0..<4, using: &generator) != 0 { continue }
                fields.append((key, value))
            }
            let referenceID: String? = Int.random(in: 0..<4, using: &generator) == 0 ? nil : (Bool.random(using: &generator) ? "C1" : "")
            let full = MapRuntime.validate(schema, fields: fields, referenceID: referenceID).isEmpty
            #expect(fast.isValid(fields: fields, referenceID: referenceID) == full, "\(fields.map(\.key)) reference-id: \(referenceID == nil ? "none" : "set")")
            if full { validSeen += 1 } else { invalidSeen += 1 }
        }
        #expect(validSeen > 100)
        #expect(invalidSeen > 100)
    }

    @Test func otherShapesAreNotAccelerated() throws {
        for text in [
            #"{"type": "object", "properties": {"fields": {"type": "object", "dependentRequired": {"a": ["b"]}}}}"#,
            #"{"type": "object", "allOf": [{"required": ["fields"]}]}"#,
            #"{"properties": {"fields": {"patternProperties": {"^x": {"type": "string"}}}}}"#,
            ##"{"properties": {"fields": {"properties": {"a": {"$ref": "#/properties/fields"}}}}}"##,
        ] {
            #expect(FastValidator(document: try JSONValue(parsing: Array(text.utf8))) == nil, "\(text)")
        }
    }
}

@Suite("mapper with and without the fast path")
struct FastPathMapperTests {
    @Test func sameOutcomesAsTheWholeSchemaAlone() throws {
        let fastMapper = RecordMapper(configuration: try .headerMode(template: "itmpl_A1"))
        let schema = try BuiltInSchemas.inquiryFields.get()
        // A schema passed in has no source text: no fast path, every row validated in full.
        let slowMapper = RecordMapper(configuration: try .headerMode(template: "itmpl_A1", schema: schema))
        let names = FieldNames(["reference-id", "name-first", "name-last", "birthdate", "email-address", "phone-number", "address-country-code"])
        let choices: [[String]] = [
            ["C1", "", " "], ["Ada", "", String(repeating: "a", count: 101)], ["Samplesmith", ""],
            ["1994-04-12", "1990-02-30", "12/04/1994", ""], ["ada@example.com", "ada.example.com", ""],
            ["+14155550132", "4155550132", ""], ["US", "USA", "zz", ""],
        ]
        var generator = SystemRandomNumberGenerator()
        var valid = 0
        for number in 1...2_000 {
            let values = choices.map { options in Int.random(in: 0..<3, using: &generator) == 0 ? (options.randomElement(using: &generator) ?? "") : options[0] }
            let record = Record(names: names, values: values, line: number + 1, number: number)
            let fast = fastMapper.map(record)
            let slow = slowMapper.map(record)
            #expect(Support.reasons(fast) == Support.reasons(slow))
            #expect(Support.draft(fast) == Support.draft(slow))
            if Support.draft(fast) != nil { valid += 1 }
        }
        #expect(valid > 100 && valid < 1_900)
    }
}
