import Foundation
import Testing
import JSONSchema

/// Schemas that must be refused when loaded, never half-applied.
@Suite struct SchemaErrorTests {
    func loadError(_ text: String) throws -> SchemaError? {
        let document = try json(text)
        do {
            _ = try JSONSchema(document)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownKeywordIsNamedWithItsPointer() throws {
        let error = try #require(try loadError(#"{"properties": {"a": {"type": "string", "maxLenght": 3}}}"#))
        #expect(error.kind == .unknownKeyword)
        #expect(error.schemaPointer == "/properties/a/maxLenght")
        #expect(error.description == #"schema at /properties/a/maxLenght: unknown keyword "maxLenght" (not supported by this validator)"#)
    }

    @Test func remoteAndMetaSchemaRefsAreUnsupported() throws {
        let remote = try #require(try loadError(#"{"$ref": "https://example.com/other.json#/$defs/x"}"#))
        #expect(remote.kind == .unsupported)
        #expect(remote.schemaPointer == "/$ref")
        #expect(remote.message.hasPrefix("unsupported: remote $ref \"https://example.com/other.json#/$defs/x\""))
        let meta = try #require(try loadError(#"{"$defs": {"x": {"$ref": "https://json-schema.org/draft/2020-12/schema"}}}"#))
        #expect(meta.kind == .unsupported)
        #expect(meta.schemaPointer == "/$defs/x/$ref")
        let relative = try #require(try loadError(#"{"$ref": "other.json"}"#))
        #expect(relative.kind == .unsupported)
    }

    @Test func refsThatPointNowhereAreRejected() throws {
        let error = try #require(try loadError(##"{"$ref": "#/$defs/missing"}"##))
        #expect(error.kind == .invalidValue)
        #expect(error.message.contains("points to nothing"))
    }

    @Test func invalidKeywordValues() throws {
        let cases: [(String, String)] = [
            (#"{"maxLength": -1}"#, "/maxLength"),
            (#"{"minLength": 1.5}"#, "/minLength"),
            (#"{"type": "text"}"#, "/type"),
            (#"{"required": ["a", "a"]}"#, "/required"),
            (#"{"pattern": "(unclosed"}"#, "/pattern"),
            (#"{"multipleOf": 0}"#, "/multipleOf"),
            (#"{"allOf": []}"#, "/allOf"),
            (#"{"properties": {"a": 5}}"#, "/properties/a"),
            (#"{"enum": "x"}"#, "/enum"),
            (#"{"patternProperties": {"[": {}}}"#, "/patternProperties/["),
        ]
        for (text, pointer) in cases {
            let error = try #require(try loadError(text), "accepted \(text)")
            #expect(error.kind == .invalidValue, "\(text)")
            #expect(error.schemaPointer == pointer, "\(text)")
        }
    }

    @Test func otherDraftsAreUnsupported() throws {
        let error = try #require(try loadError(#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#))
        #expect(error.kind == .unsupported)
    }

    @Test func fileErrorsNameTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jsonschema-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let bad = directory.appendingPathComponent("bad.schema.json")
        try Data(#"{"type": "object", "propertees": {}}"#.utf8).write(to: bad)
        let badError = #expect(throws: SchemaError.self) { try JSONSchema(contentsOf: bad) }
        #expect(badError?.file?.hasSuffix("bad.schema.json") == true)
        #expect(badError?.description.contains("/propertees") == true)

        let broken = directory.appendingPathComponent("broken.json")
        try Data("{\n  \"type\": \"object\",\n}".utf8).write(to: broken)
        let brokenError = #expect(throws: SchemaError.self) { try JSONSchema(contentsOf: broken) }
        #expect(brokenError?.kind == .invalidJSON)
        #expect(brokenError?.description.contains("broken.json") == true)
        #expect(brokenError?.description.contains("line 3, column 1") == true)

        let missing = directory.appendingPathComponent("missing.json")
        let missingError = #expect(throws: SchemaError.self) { try JSONSchema(contentsOf: missing) }
        #expect(missingError?.kind == .unreadable)
        #expect(missingError?.description.contains("missing.json") == true)

        let good = directory.appendingPathComponent("good.json")
        try Data(#"{"type": "string"}"#.utf8).write(to: good)
        #expect(try JSONSchema(contentsOf: good).isValid(.string("x")))
    }

    /// The project's own schemas load (they must use only keywords this validator supports).
    @Test func projectSchemasCompile() throws {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var foundSchemas: URL?
        // The package's schemas/ directory (or, from a helper's dev package, the main checkout's).
        search: while directory.path != "/" {
            for relative in ["schemas", "main/schemas"] {
                let candidate = directory.appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("inquiry-fields.schema.json").path) {
                    foundSchemas = candidate
                    break search
                }
            }
            directory = directory.deletingLastPathComponent()
        }
        // The schemas live in the repository beside the tests: not finding them is a failure.
        let schemas = try #require(foundSchemas, "schemas/ directory not found above \(#filePath)")
        for name in ["inquiry-fields.schema.json", "mapping.schema.json"] {
            let url = schemas.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            _ = try JSONSchema(contentsOf: url)
        }
    }
}
