import JSON
import JSONSchema

/// The embedded schemas, compiled once per process.
enum BuiltInSchemas {
    static let inquiryFields: Result<JSONSchema, MappingError> = compile(EmbeddedSchemas.inquiryFields, name: "inquiry-fields.schema.json")
    static let mapping: Result<JSONSchema, MappingError> = compile(EmbeddedSchemas.mapping, name: "mapping.schema.json")

    private static func compile(_ text: String, name: String) -> Result<JSONSchema, MappingError> {
        do {
            let document = try JSONValue(parsing: Array(text.utf8))
            return .success(try JSONSchema(document))
        } catch let error as JSONParseError {
            return .failure(MappingError("built-in \(name) is not valid JSON (\(error)): this is a bug in persona-import"))
        } catch {
            return .failure(MappingError("built-in \(name) does not compile (\(error)): this is a bug in persona-import"))
        }
    }
}
