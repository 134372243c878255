import Foundation
import ImportCore
import InputReaders
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

    @Test(arguments: [false, true])
    func fileIsCreatedWithMode0600EvenIfItExisted(isDefaultPath: Bool) throws {
        let path = temporaryPath("b.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old content\n".utf8), attributes: [.posixPermissions: 0o644]))
        let writer = try RejectsWriter(path: path, isDefaultPath: isDefaultPath)
        try writer.close()
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).isEmpty)
    }

    @Test(arguments: [false, true])
    func newFileIsMode0600(isDefaultPath: Bool) throws {
        let path = temporaryPath("c.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path, isDefaultPath: isDefaultPath)
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
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "'@id,first-name,last-name,_line,_errors\n1,Ada,S,3,x\n2,,T,9,y\n", "the formula guard covers column names")
    }

    @Test(arguments: [false, true])
    func unwritablePathNamesTheFile(isDefaultPath: Bool) {
        do {
            _ = try RejectsWriter(path: "/nonexistent-dir/rejects.csv", isDefaultPath: isDefaultPath)
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

@Suite("rejects writer: formula guard and re-feeding")
struct RejectsWriterGuardTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID().uuidString)-\(name)").path
    }

    @Test func formulaCellsGetAQuoteInFront() throws {
        let path = temporaryPath("guard.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsWriter(path: path)
        let names = FieldNames(["@id", "name", "phone", "note"])
        try writer.write(RowError(line: 2, number: 1, reasons: ["r"], names: names,
                                  values: ["7", "=HYPERLINK(\"http://x\",\"y\")", "+15551234567", "-2+3"]))
        try writer.write(RowError(line: 3, number: 2, reasons: ["r"], names: names, values: ["8", "'=kept", "@x", "plain"]))
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == """
            '@id,name,phone,note,_line,_errors
            7,"'=HYPERLINK(""http://x"",""y"")",'+15551234567,'-2+3,2,r
            8,''=kept,'@x,plain,3,r

            """)
    }

    /// The promise: a rejects file read back by the CSV reader gives the mapper the values of
    /// the original input, guard or not, and rows rejected again are written the same way.
    @Test func readingTheRejectsFileBackGivesTheOriginalValues() throws {
        let first = temporaryPath("first.csv")
        let second = temporaryPath("second.csv")
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let names = FieldNames(["@id", "name", "note"])
        let originals: [[String]] = [
            ["1", "=cmd|' /C calc'!A0", "+1 555"], ["2", "'=x", "''"], ["3", "'s-Hertogenbosch", "-"],
            ["4", "\tTabbed", "a, \"quoted\"\nline"], ["5", "@SUM(1)", ""],
        ]
        let writer = try RejectsWriter(path: first)
        for (index, values) in originals.enumerated() {
            try writer.write(RowError(line: index + 2, number: index + 1, reasons: ["=bad"], names: names, values: values))
        }
        try writer.close()

        let read = try readAll(first)
        #expect(read.map(\.names.names) == Array(repeating: ["@id", "name", "note", "_line", "_errors"], count: 5))
        #expect(read.map { Array($0.values.prefix(3)) } == originals)
        #expect(read.map { $0.values[4] } == Array(repeating: "=bad", count: 5))

        // Rejected again: the same file, without a second pair of _line/_errors columns.
        let again = try RejectsWriter(path: second)
        for record in read {
            try again.write(RowError(line: record.line, number: record.number, reasons: ["=bad"], names: record.names, values: record.values))
        }
        try again.close()
        let firstText = try String(contentsOfFile: first, encoding: .utf8)
        let secondText = try String(contentsOfFile: second, encoding: .utf8)
        #expect(secondText.split(separator: "\n").first == firstText.split(separator: "\n").first)
        #expect(try readAll(second).map { Array($0.values.prefix(3)) } == originals)
    }

    func readAll(_ path: String) throws -> [Record] {
        let reader = try makeRecordReader(path: path, options: ReaderOptions())
        var records: [Record] = []
        while let event = try reader.next() {
            guard case .record(let record) = event else {
                Issue.record("unexpected row error")
                continue
            }
            records.append(record)
        }
        return records
    }
}

@Suite("rejects writer: where it writes")
struct RejectsWriterPathTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aSymbolicLinkAtTheDefaultPathIsNotFollowed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim.txt").path
        let link = directory.appendingPathComponent("input.csv.rejects.csv").path
        #expect(FileManager.default.createFile(atPath: victim, contents: Data("keep me\n".utf8)))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        do {
            _ = try RejectsWriter(path: link, isDefaultPath: true)
            Issue.record("expected the symbolic link to be refused")
        } catch {
            #expect(error.description.contains("symbolic link"), "\(error.description)")
            #expect(error.description.contains(link))
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n", "the link's target is untouched")
        // A dangling link is refused too (O_CREAT would otherwise create its target).
        let dangling = directory.appendingPathComponent("other.rejects.csv").path
        let target = directory.appendingPathComponent("created-through-link").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: target)
        #expect(throws: RejectsError.self) { try RejectsWriter(path: dangling, isDefaultPath: true) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aPathTheOperatorNamedMayBeALinkOrADevice() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("real.csv").path
        let link = directory.appendingPathComponent("named.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let writer = try RejectsWriter(path: link, isDefaultPath: false)
        try writer.write(RowError(line: 2, number: 1, reasons: ["x"], names: FieldNames(["a"]), values: ["1"]))
        try writer.close()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "a,_line,_errors\n1,2,x\n")

        let null = try RejectsWriter(path: "/dev/null", isDefaultPath: false)
        try null.write(RowError(line: 2, number: 1, reasons: ["x"], names: FieldNames(["a"]), values: ["1"]))
        try null.close()
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & 0o666 == 0o666, "/dev/null keeps its mode")
    }

    @Test func theDefaultPathMustBeARegularFileWithOneLink() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("fifo.rejects.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        do {
            _ = try RejectsWriter(path: fifo, isDefaultPath: true)
            Issue.record("expected a FIFO to be refused (and not to block)")
        } catch {
            #expect(error.description.contains("not a regular file"), "\(error.description)")
        }
        #expect(throws: RejectsError.self) { try RejectsWriter(path: "/dev/null", isDefaultPath: true) }

        let other = directory.appendingPathComponent("other.txt").path
        let linked = directory.appendingPathComponent("linked.rejects.csv").path
        #expect(FileManager.default.createFile(atPath: other, contents: Data("keep me\n".utf8)))
        #expect(link(other, linked) == 0)
        do {
            _ = try RejectsWriter(path: linked, isDefaultPath: true)
            Issue.record("expected a hard-linked file to be refused")
        } catch {
            #expect(error.description.contains("hard link"), "\(error.description)")
        }
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "keep me\n", "not truncated before the check")
    }
}
