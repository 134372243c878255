import JSON
import JSONSchema
import Testing

/// Schemas read out of an OpenAPI 3.1 document: a pointer into it, `#/components/...`
/// references, and OpenAPI's own annotations.
@Suite struct OpenAPIDocumentTests {
    static let document = """
        {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
         "paths": {"/things": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
            "type": "object", "required": ["data"], "additionalProperties": false,
            "properties": {"data": {"$ref": "#/components/schemas/thing"}}}}}}}}}},
         "components": {"schemas": {
            "thing": {"type": "object", "x-polymorphic": true, "example": {"kind": "a"},
                      "discriminator": {"propertyName": "kind"}, "externalDocs": {"url": "https://example.com"},
                      "required": ["kind"], "properties": {"kind": {"enum": ["a", "b"]},
                      "blob": {"type": "string", "contentMediaType": "application/pdf", "contentEncoding": "base64"}}},
            "unused": {"x-never-compiled": {"type": 12}}}}}
        """
    static let pointer = "/paths/~1things/get/responses/200/content/application~1json/schema"

    @Test func validatesAgainstTheSchemaAtAPointerWithComponentReferences() throws {
        let schema = try JSONSchema(json(Self.document), at: Self.pointer)
        #expect(try errors(schema, #"{"data": {"kind": "a"}}"#).isEmpty)
        #expect(try errors(schema, #"{"data": {"kind": "c"}}"#) == ["/data/kind: enum: not one of the 2 allowed values"])
        #expect(try errors(schema, #"{"data": {"kind": "a"}, "extra": 1}"#).count == 1)
    }

    @Test func openAPIAnnotationsAreRefusedInPlainJSONSchema() throws {
        #expect(throws: SchemaError.self) {
            try JSONSchema(json(Self.document), at: Self.pointer, dialect: .jsonSchema)
        }
        let plain = try JSONSchema(json(#"{"type": "string", "contentMediaType": "text/plain"}"#), at: "", dialect: .jsonSchema)
        #expect(plain.isValid(.string("x")))
    }

    @Test func aPointerToNothingFailsLoading() throws {
        let error = try #require(throws: SchemaError.self) {
            try JSONSchema(json(Self.document), at: "/paths/~1nothing")
        }
        #expect(error.kind == .invalidValue)
        #expect(error.schemaPointer == "/paths/~1nothing")
    }
}
