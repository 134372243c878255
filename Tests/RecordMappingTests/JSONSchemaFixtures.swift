import JSON
import JSONSchema

/// Small schemas for tests that replace the built-in one.
enum JSONSchemaFixtures {
    /// Requires a first name; any other field of type string is allowed.
    static func allowingCustomFields() throws -> JSONSchema {
        let text = #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"fields": {"type": "object", "required": ["name-first"],
               "additionalProperties": {"type": "string", "maxLength": 10}}}}
            """#
        return try JSONSchema(try JSONValue(parsing: Array(text.utf8)))
    }
}
