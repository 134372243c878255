import JSON
import JSONSchema

/// The JSON Schema compiler on the input as a schema document; a schema that compiles then
/// validates a few instances, among them the document itself.
enum SchemaFuzzing {
    static let instances: [JSONValue] = [
        .null, true, 0, 1.5, "", "2026-11-30", "a@example.com", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", [], [1, "a", nil],
        ["name-first": "Ada", "birthdate": "1815-12-10", "address-country-code": "GB"],
    ]

    static func run(_ input: [UInt8]) throws(FuzzViolation) {
        guard let document = try? JSONValue(parsing: input) else { return }
        let schema: JSONSchema
        do {
            schema = try JSONSchema(document)
        } catch {
            try require(!error.message.isEmpty, "a schema error without a message")
            return
        }
        for instance in instances + [document] {
            let errors = schema.validate(instance)
            try require(errors.isEmpty == schema.isValid(instance), "validate and isValid disagree on \(instance)")
        }
    }
}
