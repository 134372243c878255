import Foundation
import Testing

/// Exports as they come (issue 17): other encodings, gzip, a template that refuses a field, a
/// mapping that rejects most rows. Each file is made here, not committed.
@Suite(.serialized) struct RealWorldExportTests {
    static let people = [("ref-1", "José", "Müller"), ("ref-2", "Zoë", "Ångström"), ("ref-3", "François", "Łukasiewicz")]
    static var text: String {
        RunCommandTests.header + people.map { "\($0.0),\($0.1),\($0.2),1980-01-02\n" }.joined()
    }

    /// The names the emulator holds for each reference-id, as Persona would show them.
    private func namesAtTheEmulator(_ emulator: EmulatorProcess) throws -> [String: [String]] {
        var names: [String: [String]] = [:]
        for (reference, _, _) in Self.people {
            let (status, body) = try LoopbackHTTP.get(
                port: emulator.port, path: "/api/v1/inquiries?filter%5Breference-id%5D=\(reference)",
                headers: ["Authorization": "Bearer \(EmulatorProcess.defaultKey)"])
            try #require(status == 200, "\(String(decoding: body, as: UTF8.self))")
            let document = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            for inquiry in document["data"] as? [[String: Any]] ?? [] {
                let fields = (inquiry["attributes"] as? [String: Any])?["fields"] as? [String: [String: Any]] ?? [:]
                names[reference, default: []].append("\(fields["name-first"]?["value"] ?? "?") \(fields["name-last"]?["value"] ?? "?")")
            }
        }
        return names
    }

    private func expectArrivedAsWritten(_ file: String, bytes: [UInt8], extra: [String] = []) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(bytes).write(to: dir.appendingPathComponent(file))
        let emulator = try EmulatorProcess()
        defer { emulator.stop() }
        let result = try Importer.run(
            ["run", file, "--template", "itmpl_test", "--api-base", emulator.apiBase] + extra, in: dir,
            environment: RunCommandTests.environment())
        #expect(result.status == 0, "\(file): \(result.stdout)\n\(result.stderr)")
        let names = try namesAtTheEmulator(emulator)
        for (reference, first, last) in Self.people {
            #expect(names[reference] == ["\(first) \(last)"], "\(file): \(reference) arrived as \(names[reference] ?? [])")
        }
    }

    @Test func excelUnicodeTextArrivesAsWritten() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in Self.text.replacingOccurrences(of: ",", with: "\t").utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try expectArrivedAsWritten("export.txt", bytes: bytes)
    }

    @Test func windows1252ArrivesAsWrittenWithItsEncoding() throws {
        let bytes = Array(try #require(Self.text.replacingOccurrences(of: "Łukasiewicz", with: "Lukas").data(using: .windowsCP1252)))
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(bytes).write(to: dir.appendingPathComponent("ansi.csv"))
        let refused = try Importer.run(["validate", "ansi.csv", "--template", "itmpl_test"], in: dir, environment: RunCommandTests.environment(key: nil))
        #expect(refused.status == 1 && refused.stdout.contains("--encoding windows-1252"), "\(refused.stdout)")
        let emulator = try EmulatorProcess()
        defer { emulator.stop() }
        let result = try Importer.run(
            ["run", "ansi.csv", "--template", "itmpl_test", "--encoding", "windows-1252", "--api-base", emulator.apiBase], in: dir,
            environment: RunCommandTests.environment())
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let names = try namesAtTheEmulator(emulator)
        #expect(names["ref-1"] == ["José Müller"] && names["ref-2"] == ["Zoë Ångström"] && names["ref-3"] == ["François Lukas"])
    }

    @Test func aGzippedExportArrivesAsWritten() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("export.csv")
        try Self.text.write(to: plain, atomically: true, encoding: .utf8)
        let gzip = try #require(Importer.which("gzip"), "gzip is not installed")
        _ = try Importer.runProgram(gzip, ["-k", plain.path], in: dir)
        let bytes = Array(try Data(contentsOf: dir.appendingPathComponent("export.csv.gz")))
        #expect(bytes.starts(with: [0x1F, 0x8B]))
        try expectArrivedAsWritten("export.csv.gz", bytes: bytes)
    }

    /// A template that refuses a field answers every create with 422: the run stops after
    /// --max-failures of them, says what to check, and leaves the rest resumable.
    @Test func theCircuitBreakerStopsARunThatPersonaRefusesRowAfterRow() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 400, prefix: "p", to: dir.appendingPathComponent("people.csv"))
        let refusing = try EmulatorProcess(["--refuse-field", "name-last"])
        let arguments = ["run", "people.csv", "--template", "itmpl_test", "--concurrency", "4", "--max-failures", "20"]
        let stopped = try Importer.run(arguments + ["--api-base", refusing.apiBase], in: dir, environment: RunCommandTests.environment())
        let sent = try refusing.stats().responses(422)
        refusing.stop()
        #expect(stopped.status == 2, "\(stopped.stdout)\n\(stopped.stderr)")
        #expect(stopped.stderr.contains("refused 20 rows in a row") && stopped.stderr.contains("name-last is not a field of the inquiry template"))
        #expect(stopped.stderr.contains("template's fields"), "it says what to check")
        #expect((20...24).contains(sent), "20 refusals and those already in flight, not 400: \(sent)")

        // Fixed template: the same command finishes the job; the refused rows go with --retry-failed.
        let fixed = try EmulatorProcess()
        defer { fixed.stop() }
        let resumed = try Importer.run(
            arguments + ["--retry-failed", "--api-base", fixed.apiBase], in: dir, environment: RunCommandTests.environment())
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(try fixed.stats().inquiriesCreated == 400)
    }

    @Test func maxRejectsSendsNothingWhenValidationRejectsTooMuch() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = RunCommandTests.header
        for index in 1...100 { text += "r-\(index),Given,Family,\(index <= 30 ? "1980-02-30" : "1980-02-03")\n" }
        try text.write(to: dir.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        let emulator = try EmulatorProcess()
        defer { emulator.stop() }
        let base = ["run", "people.csv", "--template", "itmpl_test", "--api-base", emulator.apiBase]
        let refused = try Importer.run(base + ["--max-rejects", "10%"], in: dir, environment: RunCommandTests.environment())
        #expect(refused.status == 2, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stderr.contains("rejected 30 of 100 rows") && refused.stderr.contains("nothing was sent"), "\(refused.stderr)")
        #expect(try emulator.stats().inquiriesCreated == 0)
        let rows = try Importer.run(base + ["--max-rejects", "30"], in: dir, environment: RunCommandTests.environment())
        #expect(rows.status == 1, "30 rejects are allowed by --max-rejects 30: \(rows.stderr)")
        #expect(try emulator.stats().inquiriesCreated == 70)
    }
}

/// `run -`: standard input is spooled to a private file, so the job has an identity and resumes.
@Suite(.serialized) struct StandardInputRunTests {
    @Test func aPipedExportIsAJobThatResumesAndIsNotSentTwice() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try RunCommandTests.writePeople(rows: 60, prefix: "s", to: dir.appendingPathComponent("people.csv"))
        let text = try String(contentsOf: file, encoding: .utf8)
        let emulator = try EmulatorProcess(["--rate-limit", "20/1s"])
        defer { emulator.stop() }
        let arguments = ["run", "-", "--format", "csv", "--template", "itmpl_test", "--rate-limit", "20/1s", "--api-base", emulator.apiBase]

        let stopped = try Importer.run(arguments + ["--time-limit", "1s"], stdin: text, in: dir, environment: RunCommandTests.environment())
        #expect(stopped.status == 75, "\(stopped.stdout)\n\(stopped.stderr)")
        #expect(stopped.stdout.contains("pipe the same input"), "\(stopped.stdout)")
        let first = try emulator.stats().inquiriesCreated
        #expect(first > 0 && first < 60)

        let finished = try Importer.run(arguments, stdin: text, in: dir, environment: RunCommandTests.environment())
        #expect(finished.status == 0, "\(finished.stdout)\n\(finished.stderr)")
        let again = try Importer.run(arguments, stdin: text, in: dir, environment: RunCommandTests.environment())
        #expect(again.status == 0 && again.stdout.contains("nothing left to do"), "\(again.stdout)")
        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == 60 && stats.duplicateReferenceIDs.isEmpty)

        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.contains("stdin.ledger.sqlite"))
        #expect(!names.contains { $0.contains(".stdin-") }, "the copy of standard input is removed: \(names)")
        #expect(try RunCommandTests.permissions(of: dir.appendingPathComponent("stdin.ledger.sqlite")) == 0o600)
    }

    @Test func standardInputNeedsAFormat() throws {
        let result = try Importer.run(["run", "-", "--template", "itmpl_test", "--dry-run"], stdin: "a,b\n", environment: RunCommandTests.environment())
        #expect(result.status == 64 && result.stderr.contains("--format csv"), "\(result.stderr)")
    }
}
