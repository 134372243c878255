import Foundation
import ImportCore
import JSONSchema
@testable import RecordMapping

/// Shared helpers for the RecordMapping tests.
enum Support {
    /// The checkout root: the nearest parent of this file holding `schemas/` and `samples/`.
    static func root(_ file: String = #filePath) -> URL? {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("schemas/inquiry-fields.schema.json").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func record(_ names: FieldNames, _ values: [String], line: Int = 2, number: Int = 1) -> Record {
        Record(names: names, values: values, line: line, number: number)
    }

    /// Loads a mapping given as YAML text, named `customers.mapping.yaml` in messages.
    static func configuration(_ yaml: String, file: String = "customers.mapping.yaml", template: String? = nil) throws -> MappingConfiguration {
        try MappingConfiguration.load(mappingText: yaml, fileName: file, templateOverride: template)
    }

    /// The setup error a mapping produces, or nil when it loads.
    static func loadError(_ yaml: String, file: String = "customers.mapping.yaml", template: String? = nil) -> String? {
        do {
            _ = try MappingConfiguration.load(mappingText: yaml, fileName: file, templateOverride: template)
            return nil
        } catch {
            return error.message
        }
    }

    /// The outcome's draft, or nil when rejected.
    static func draft(_ outcome: MapOutcome) -> InquiryDraft? {
        if case .valid(let valid) = outcome { return valid.draft }
        return nil
    }

    /// The outcome's reasons, or nil when valid.
    static func reasons(_ outcome: MapOutcome) -> [String]? {
        if case .rejected(let error) = outcome { return error.reasons }
        return nil
    }

    /// A minimal RFC 4180 reader (quoted fields, doubled quotes, LF rows) for round trips.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n": row.append(field); field = ""; rows.append(row); row = []
            default: field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Records from CSV text (first row the header), lines counted as the readers do.
    static func records(csv text: String) -> [Record] {
        let rows = parseCSV(text)
        guard let header = rows.first else { return [] }
        let names = FieldNames(header)
        var line = 1
        var result: [Record] = []
        for (index, row) in rows.dropFirst().enumerated() {
            line += 1
            result.append(Record(names: names, values: row, line: line, number: index + 1))
            line += row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        }
        return result
    }

    static let customerHeader = FieldNames([
        "Customer ID", "First Name", "Middle Name", "Last Name", "DOB", "Email", "Phone", "Street", "Street 2",
        "City", "State", "Postal Code", "Country",
    ])

    static let customerMapping = """
        template: { inquiry-template-id: itmpl_SampleTemplate0000000001 }
        reference-id: { column: Customer ID }
        fields:
          name-first: First Name
          name-middle: Middle Name
          name-last: Last Name
          birthdate: { column: DOB, transforms: [{ date: [MM/dd/yyyy] }] }
          email-address: { column: Email, transforms: [lower] }
          phone-number: { column: Phone, transforms: [{ phone: { default-country: US } }] }
          address-street-1: Street
          address-street-2: Street 2
          address-city: City
          address-subdivision: { column: State, transforms: [us-state] }
          address-postal-code: Postal Code
          address-country-code: { column: Country, transforms: [country], default: US }
        tags: [nightly-import]
        note: Imported by persona-import
        meta: { auto-create-account-reference-id: { column: Customer ID } }
        """

    static let goodCustomer = [
        "C1001", "Ada", "", "Samplesmith", "04/12/1994", "Ada@Example.com", "(415) 555-0132", "100 Market St", "",
        "San Francisco", "CA", "94105", "USA",
    ]
}
