import Foundation
import JSON
import Testing
import JSONSchema

/// Parses JSON text written in a test.
func json(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
}

/// Compiles a schema written as JSON text.
func schema(_ text: String) throws -> JSONSchema {
    try JSONSchema(json(text))
}

/// Validates `instance` (JSON text) and returns the errors' descriptions.
func errors(_ schema: JSONSchema, _ instance: String) throws -> [String] {
    let value = try json(instance)
    let found = schema.validate(value)
    #expect(schema.isValid(value) == found.isEmpty, "isValid and validate disagree")
    return found.map(\.description)
}
