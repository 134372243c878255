import Foundation
import ImportCore
import Testing
@testable import RecordMapping

@Suite("rejects writer")
struct RejectsWriterTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID().uuidString)-\(name)").path
    }

    @Test func writesHeaderQuotingAndReasons() throws {
        let path = temporaryPath("a.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path)
        let names = FieldNames(["id", "note", "quote"])
        try writer.write(RowError(line: 7, number: 6, reasons: ["/fields: a", "/fields/x: b"], names: names, values: ["1", "a, b", "say \"hi\"\nthere"]))
        try writer.write(RowError(line: 9, number: 8, reasons: ["r"], names: names, values: ["2", "plain", ""]))
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "id,note,quote,_line,_errors\n1,\"a, b\",\"say \"\"hi\"\"\nthere\",7,/fields: a; /fields/x: b\n2,plain,,9,r\n")
        #expect(writer.count == 2)
    }

    @Test func fileIsCreatedWithMode0600EvenIfItExisted() throws {
        let path = temporaryPath("b.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old content\n".utf8), attributes: [.posixPermissions: 0o644]))
        let writer = try RejectsWriter(path: path)
        try writer.close()
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).isEmpty)
    }

    @Test func newFileIsMode0600() throws {
        let path = temporaryPath("c.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path)
        try writer.write(RowError(line: 2, number: 1, reasons: ["x"], names: FieldNames(["a"]), values: ["1"]))
        try writer.close()
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func otherShapesAreAlignedByName() throws {
        let path = temporaryPath("d.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path)
        try writer.write(RowError(line: 3, number: 1, reasons: ["x"], names: FieldNames(["@id", "first-name", "last-name"]), values: ["1", "Ada", "S"]))
        try writer.write(RowError(line: 9, number: 2, reasons: ["y"], names: FieldNames(["@id", "last-name"]), values: ["2", "T"]))
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "@id,first-name,last-name,_line,_errors\n1,Ada,S,3,x\n2,,T,9,y\n")
    }

    @Test func unwritablePathNamesTheFile() {
        do {
            _ = try RejectsWriter(path: "/nonexistent-dir/rejects.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("cannot create the rejects file /nonexistent-dir/rejects.csv: "))
        }
    }

    @Test func roundTripFixRejectsAndMapAgain() throws {
        guard let root = Support.root() else {
            Issue.record("samples/ not found")
            return
        }
        let csv = try String(contentsOf: root.appendingPathComponent("samples/customers.csv"), encoding: .utf8)
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        let path = temporaryPath("round.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path)
        for record in Support.records(csv: csv) {
            if case .rejected(let error) = mapper.map(record) { try writer.write(error) }
        }
        try writer.close()

        // A person fixes the three rows in the rejects file.
        let rejects = Support.parseCSV(try String(contentsOfFile: path, encoding: .utf8))
        #expect(rejects.first == Support.customerHeader.names + ["_line", "_errors"])
        #expect(rejects.dropFirst().map { $0[13] } == ["6", "12", "18"])
        let fixed = rejects.enumerated().map { index, row -> [String] in
            guard index > 0 else { return row }
            var row = row
            if row[4] == "02/30/1990" { row[4] = "02/28/1990" }
            if row[3].isEmpty { row[3] = "Nolastname" }
            if !row[5].contains("@") { row[5] = "quinn.notreal@example.com" }
            return row
        }
        let names = FieldNames(fixed[0])
        let outcomes = fixed.dropFirst().enumerated().map { index, row in mapper.map(Support.record(names, row, line: index + 2, number: index + 1)) }
        #expect(outcomes.count == 3)
        #expect(outcomes.allSatisfy { Support.draft($0) != nil }, "\(outcomes.compactMap(Support.reasons))")
        #expect(outcomes.compactMap { Support.draft($0)?.referenceID } == ["C1005", "C1011", "C1017"])
    }
}

@Suite("rejects writer: rows without names")
struct RejectsWriterUnsplitTests {
    @Test func rowsWithoutNamesWaitForTheHeader() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path)
        try writer.write(RowError(line: 2, number: 1, reasons: ["unterminated quote"]))
        try writer.write(RowError(line: 5, number: 2, reasons: ["bad"], names: FieldNames(["a", "b"]), values: ["1", "2"]))
        #expect(writer.count == 2)
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b,_line,_errors\n,,2,unterminated quote\n1,2,5,bad\n")
    }

    @Test func onlyRowsWithoutNames() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path)
        try writer.write(RowError(line: 2, number: 1, reasons: ["x"], values: ["p", "q"]))
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "column1,column2,_line,_errors\np,q,2,x\n")
    }
}
