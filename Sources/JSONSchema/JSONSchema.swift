import Foundation

/// A compiled JSON Schema (draft 2020-12 subset, see the README in this directory).
///
/// Compile once, validate many times; validation is thread-safe.
public struct JSONSchema: Sendable {
    /// Compiles a schema document. Throws on any unknown keyword or unsupported feature.
    public init(_ document: JSONValue) throws(SchemaError) {
    }

    /// Reads, parses and compiles a schema file; errors name the file.
    public init(contentsOf url: URL) throws(SchemaError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SchemaError(kind: .unreadable, file: url.path, schemaPointer: "", message: "cannot read file")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: data) } catch {
            throw SchemaError(kind: .invalidJSON, file: url.path, schemaPointer: "", message: "invalid JSON: \(error)")
        }
        do { try self.init(document) } catch {
            var named = error
            named.file = url.path
            throw named
        }
    }

    /// Every reason `instance` does not satisfy the schema (empty when valid).
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        []
    }

    /// Whether `instance` satisfies the schema; stops at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        true
    }
}
