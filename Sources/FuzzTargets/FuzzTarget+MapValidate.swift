import Foundation
import ImportCore
import JSONSchema
import RecordMapping

/// One record through the sample mapping (`samples/customers.mapping.yaml`, every kind of
/// transform) and the built-in schema, twice: once with the mapper's fast path (the built-in
/// schema) and once through the general validator (the same schema loaded as a custom one).
/// Both must agree on every record.
final class MapValidateFuzzing: Sendable {
    static let shared = MapValidateFuzzing()

    private let fast: RecordMapper?
    private let general: RecordMapper?
    private let names: FieldNames
    private let setupProblem: String?

    private init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let mappingFile = root.appendingPathComponent("samples/customers.mapping.yaml")
        let schemaFile = root.appendingPathComponent("schemas/inquiry-fields.schema.json")
        names = FieldNames([
            "Customer ID", "First Name", "Middle Name", "Last Name", "DOB", "Email", "Phone", "Street", "Street 2",
            "City", "State", "Postal Code", "Country",
        ])
        do {
            let text = try String(contentsOf: mappingFile, encoding: .utf8)
            let schema = try JSONSchema(contentsOf: schemaFile)
            let fast = RecordMapper(configuration: try MappingConfiguration.load(mappingText: text, fileName: mappingFile.path))
            let general = RecordMapper(configuration: try MappingConfiguration.load(mappingText: text, fileName: mappingFile.path, schema: schema))
            try fast.prepare(for: names)
            try general.prepare(for: names)
            (self.fast, self.general, setupProblem) = (fast, general, nil)
        } catch {
            (fast, general, setupProblem) = (nil, nil, "cannot set up the map-validate target: \(error)")
        }
    }

    func run(_ input: [UInt8]) throws(FuzzViolation) {
        guard let fast, let general else { throw FuzzViolation(setupProblem ?? "not set up") }
        // One value per line; what the readers hand over is always valid UTF-8.
        var values = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        values = Array(values.prefix(names.count))
        values += Array(repeating: "", count: names.count - values.count)
        let record = Record(names: names, values: values, line: 2, number: 1)
        switch (fast.map(record), general.map(record)) {
        case (.valid(let a), .valid(let b)):
            try require(a.draft == b.draft, "the fast path and the general validator built different inquiries")
        case (.rejected(let a), .rejected(let b)):
            try require(!a.reasons.isEmpty && !b.reasons.isEmpty, "a rejection without a reason")
        case (.valid, .rejected(let b)):
            throw FuzzViolation("the fast path accepted a record the general validator rejects: \(b.reasons)")
        case (.rejected(let a), .valid):
            throw FuzzViolation("the fast path rejected a record the general validator accepts: \(a.reasons)")
        }
    }
}
