import Foundation
import JSON
import Testing
@testable import JSONSchema

/// Runs the official JSON-Schema-Test-Suite (draft 2020-12 files present in the shared
/// conformance directory) against `isValid`, `isValid(string:)` (string instances) and `validate`.
@Suite struct ConformanceSuiteTests {
    /// Walks up from this file to the directory containing `shared/conformance`.
    static func suiteDirectory() -> URL? {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/conformance/json-schema-test-suite/draft2020-12")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func suiteFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var files = names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
        for format in ["date", "date-time", "email"] {
            files.append(directory.appendingPathComponent("optional/format/\(format).json"))
        }
        return files
    }

    /// Skipped (and reported as skipped, not passed) when `shared/conformance` is not beside the
    /// checkout.
    @Test(.enabled(if: ConformanceSuiteTests.suiteDirectory() != nil, "JSON-Schema-Test-Suite not found in shared/conformance above the checkout"))
    func draft2020_12() throws {
        let directory = try #require(Self.suiteDirectory())
        var passed = 0
        var failures: [String] = []
        var unsupported: [String] = []
        let files = Self.suiteFiles(in: directory)
        #expect(files.count >= 4)
        for file in files {
            let data = try Data(contentsOf: file)
            let document = try JSONValue(parsing: data)
            guard case .array(let groups) = document else {
                Issue.record("\(file.lastPathComponent): not an array of groups")
                continue
            }
            for group in groups {
                guard case .object(let g) = group, case .string(let groupName)? = g["description"],
                      let schemaDocument = g["schema"], case .array(let tests)? = g["tests"] else {
                    Issue.record("\(file.lastPathComponent): malformed group")
                    continue
                }
                let schema: JSONSchema
                do {
                    schema = try JSONSchema(schemaDocument)
                } catch {
                    if error.kind == .unsupported {
                        unsupported.append("\(file.lastPathComponent) / \(groupName): \(error)")
                    } else {
                        failures.append("\(file.lastPathComponent) / \(groupName): schema rejected: \(error)")
                    }
                    continue
                }
                for test in tests {
                    guard case .object(let t) = test, case .string(let testName)? = t["description"],
                          let data = t["data"], case .bool(let expected)? = t["valid"] else {
                        Issue.record("\(file.lastPathComponent) / \(groupName): malformed test")
                        continue
                    }
                    let fast = schema.isValid(data)
                    let errors = schema.validate(data)
                    // String instances also go through the path that skips the JSONValue.
                    var stringPath = fast
                    if case .string(let text) = data { stringPath = schema.isValid(string: text) }
                    if fast == expected && errors.isEmpty == expected && stringPath == fast {
                        passed += 1
                    } else {
                        failures.append("\(file.lastPathComponent) / \(groupName) / \(testName): expected \(expected ? "valid" : "invalid"), isValid=\(fast), isValid(string:)=\(stringPath), validate found \(errors.count) errors")
                    }
                }
            }
        }
        for line in unsupported { print("unsupported: \(line)") }
        for line in failures { print("FAILED: \(line)") }
        print("JSON-Schema-Test-Suite: \(passed) passed, \(failures.count) failed, \(unsupported.count) groups unsupported (remote refs)")
        #expect(failures.isEmpty, "\(failures.count) conformance failures")
        #expect(passed > 500)
    }
}
