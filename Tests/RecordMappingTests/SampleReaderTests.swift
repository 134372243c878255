#if canImport(InputReaders)
import ImportCore
import InputReaders
import Testing
@testable import RecordMapping

/// The samples read with the real readers (only in the main package, where the test target
/// depends on InputReaders), mapped with their mapping files.
@Suite("samples/ through the readers")
struct SampleReaderTests {
    func run(_ input: String, mapping: String) throws -> (valid: [ValidRecord], rejected: [RowError])? {
        guard let root = Support.root() else {
            Issue.record("samples/ not found above \(#filePath)")
            return nil
        }
        let samples = root.appendingPathComponent("samples")
        let configuration = try MappingConfiguration.load(
            mappingFile: samples.appendingPathComponent(mapping).path, schemaFile: nil, templateOverride: nil)
        let mapper = RecordMapper(configuration: configuration)
        let reader = try makeRecordReader(path: samples.appendingPathComponent(input).path, options: ReaderOptions())
        var valid: [ValidRecord] = []
        var rejected: [RowError] = []
        var shape: FieldNames?
        while let event = try reader.next() {
            switch event {
            case .record(let record):
                if shape !== record.names {
                    try mapper.prepare(for: record.names)
                    shape = record.names
                }
                switch mapper.map(record) {
                case .valid(let record): valid.append(record)
                case .rejected(let error): rejected.append(error)
                }
            case .rowError(let error):
                rejected.append(error)
            }
        }
        return (valid, rejected)
    }

    @Test func customersCSV() throws {
        guard let result = try run("customers.csv", mapping: "customers.mapping.yaml") else { return }
        #expect(result.valid.count == 17)
        #expect(result.rejected.map(\.line) == [6, 12, 18])
    }

    @Test func customersXML() throws {
        guard let result = try run("customers.xml", mapping: "customers-xml.mapping.yaml") else { return }
        #expect(result.valid.count == 17)
        #expect(result.rejected.map(\.number) == [5, 11, 17])
        #expect(result.valid.first?.draft.referenceID == "C1001")
        #expect(result.valid.first?.draft.field("address-city") == "San Francisco")
    }

    @Test func personaHeadersCSV() throws {
        guard let root = Support.root() else { return }
        let configuration = try MappingConfiguration.load(mappingFile: nil, schemaFile: nil, templateOverride: "itmpl_SampleTemplate0000000001")
        let mapper = RecordMapper(configuration: configuration)
        let reader = try makeRecordReader(path: root.appendingPathComponent("samples/persona-headers.csv").path, options: ReaderOptions())
        var valid = 0
        while let event = try reader.next() {
            guard case .record(let record) = event else { Issue.record("unexpected row error"); continue }
            if case .valid = mapper.map(record) { valid += 1 }
        }
        #expect(valid == 5)
    }
}
#endif
