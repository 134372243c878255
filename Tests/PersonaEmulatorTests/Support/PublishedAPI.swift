import Foundation
import JSON
import JSONSchema

/// One of Persona's published OpenAPI documents (vendored in `schemas/persona-openapi/`), and
/// the response and request schemas it gives each endpoint.
struct PublishedAPI {
    let version: String
    private let document: JSONValue

    init(version: String, filePath: String = #filePath) throws {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("schemas/persona-openapi/\(version).json")
            if FileManager.default.fileExists(atPath: candidate.path) {
                self.version = version
                document = try JSONValue(parsing: Data(contentsOf: candidate))
                return
            }
            directory.deleteLastPathComponent()
        }
        throw TestFailure("schemas/persona-openapi/\(version).json not found above \(filePath)")
    }

    /// The JSON schema of the `status` answer of `method path` (`/inquiries/{inquiry-id}`),
    /// following a `$ref` to `#/components/responses/…`; nil when the document does not list
    /// that status for the operation.
    func responseSchema(_ method: String, _ path: String, status: Int) throws -> JSONSchema? {
        let responses = "/paths/\(Self.escape(path))/\(method.lowercased())/responses"
        var pointer = responses + "/\(status)"
        guard var response = value(at: pointer) else { return nil }
        if case .string(let reference)? = response["$ref"], reference.hasPrefix("#") {
            pointer = String(reference.dropFirst())
            guard let resolved = value(at: pointer) else { throw TestFailure("\(reference) points nowhere") }
            response = resolved
        }
        return try JSONSchema(document, at: pointer + "/content/application~1json/schema")
    }

    /// The schema Persona publishes for the widest error answer (400: `title`, `details`,
    /// `meta`), for the statuses no operation lists (405, 413, 5xx, an unknown route's 404).
    func genericErrorSchema() throws -> JSONSchema {
        try JSONSchema(document, at: "/components/responses/bad-request/content/application~1json/schema")
    }

    /// The JSON schema of `method path`'s request body.
    func requestSchema(_ method: String, _ path: String) throws -> JSONSchema {
        try JSONSchema(document, at: "/paths/\(Self.escape(path))/\(method.lowercased())/requestBody/content/application~1json/schema")
    }

    private func value(at pointer: String) -> JSONValue? {
        var current = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = current[name] else { return nil }
            current = next
        }
        return current
    }

    private static func escape(_ path: String) -> String {
        path.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
