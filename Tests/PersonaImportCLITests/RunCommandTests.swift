import Foundation
import Testing

/// End-to-end tests of `persona-import run`: the real binary against the real `persona-emulator`
/// binary, each test with its own emulator and its own temporary folder (inputs are copied there
/// so that ledgers and rejects files land beside them). What was sent is checked from the
/// emulator's `/__emulator/stats`; what the importer decided, from its exit status and output.
///
/// Serialized: every test runs two or three processes, and the machine may have two cores.
@Suite(.serialized) struct RunCommandTests {
    static let template = "itmpl_test"

    // MARK: - 1. The CSV sample, then a rerun

    @Test func csvSampleCreatesTheValidRowsAndARerunSkipsThemWithoutARequest() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try copySamples(["customers.csv", "customers.mapping.yaml"], to: dir)
        let arguments = ["run", "customers.csv", "--mapping", "customers.mapping.yaml"] + Self.sending(to: emulator)

        let first = try Importer.run(arguments, in: dir, environment: Self.environment())
        #expect(first.status == 1, "3 rows are rejected: \(first.stdout) \(first.stderr)")
        let counts = try #require(RunCounts(first.stdout), "no summary line: \(first.stdout)")
        #expect(counts == RunCounts(read: 20, created: 17, skipped: 0, rejected: 3, failed: 0))
        #expect(first.stdout.hasPrefix("plan: 17 rows to create, 0 already done, 3 rejected"), "the plan comes first")
        #expect(first.stdout.contains("\ncustomers.csv: 20 rows read, 17 created, 0 skipped (already done), 3 rejected, 0 failed"))
        #expect(first.stdout.contains("ledger: customers.csv.ledger.sqlite"))
        #expect(first.stderr.contains("customers.csv:6: rejected:"))

        let afterFirst = try emulator.stats()
        #expect(afterFirst.inquiriesCreated == 17)
        #expect(afterFirst.responses(201) == 17)
        #expect(afterFirst.duplicateReferenceIDs.isEmpty)

        let ledger = dir.appendingPathComponent("customers.csv.ledger.sqlite")
        let rejects = dir.appendingPathComponent("customers.csv.rejects.csv")
        #expect(try Self.permissions(of: ledger) == 0o600)
        #expect(try Self.permissions(of: rejects) == 0o600)
        let rejected = try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n")
        #expect(rejected.count == 4, "a header and 3 rejected rows")
        // The key is never stored: not in the ledger (nor its journal), not in the rejects file.
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect(data.range(of: Data(EmulatorProcess.defaultKey.utf8)) == nil, "the API key is in \(name)")
        }

        let second = try Importer.run(arguments, in: dir, environment: Self.environment())
        #expect(second.status == 1, "the 3 rejected rows are still rejected: \(second.stdout) \(second.stderr)")
        #expect(RunCounts(second.stdout) == RunCounts(read: 20, created: 0, skipped: 17, rejected: 3, failed: 0), "\(second.stdout)")
        let afterSecond = try emulator.stats()
        #expect(afterSecond.requests == afterFirst.requests, "rows the ledger has as created are skipped without a request")
        #expect(afterSecond.inquiriesCreated == 17)
    }

    // MARK: - 2. The XML sample

    @Test func xmlSampleCreatesAsManyInquiriesAsItHasValidRows() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try copySamples(["customers.xml", "customers-xml.mapping.yaml"], to: dir)

        // `validate` says how many rows are valid; `run` must create exactly those.
        let validation = try Importer.run(
            ["validate", "customers.xml", "--mapping", "customers-xml.mapping.yaml", "--rejects", "validate-rejects.csv"], in: dir)
        let valid = try #require(Self.validCount(validation.stdout), "no validate summary: \(validation.stdout) \(validation.stderr)")
        #expect(valid == 17, "the XML sample holds the CSV sample's rows: \(validation.stdout)")

        let result = try Importer.run(
            ["run", "customers.xml", "--mapping", "customers-xml.mapping.yaml"] + Self.sending(to: emulator),
            in: dir, environment: Self.environment())
        let counts = try #require(RunCounts(result.stdout), "no summary line: \(result.stdout) \(result.stderr)")
        #expect(counts.read == 20)
        #expect(counts.created == valid)
        #expect(counts.rejected == 20 - valid)
        #expect(result.status == (counts.rejected > 0 ? 1 : 0), "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("customers.xml:68: rejected:"), "XML rejects name the record's line: \(result.stderr)")

        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == valid)
        #expect(stats.responses(201) == valid)
        #expect(stats.duplicateReferenceIDs.isEmpty)
    }

    // MARK: - 3. Repeated reference-ids

    /// Lines 2 and 4 share reference-id `<prefix>-1`.
    static func writeRepeatedReference(prefix: String, to url: URL) throws {
        try (header
            + "\(prefix)-1,Ada,Lovelace,1990-12-10\n"     // line 2
            + "\(prefix)-2,Alan,Turing,1912-06-23\n"      // line 3
            + "\(prefix)-1,Ada,Byron,1990-12-10\n"        // line 4: repeats line 2's reference-id
            + "\(prefix)-3,Grace,Hopper,1906-12-09\n")    // line 5
            .write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func aRepeatedReferenceIDIsRejectedUnlessAllowedAndWithTheFlagBothAreSent() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writeRepeatedReference(prefix: "r", to: dir.appendingPathComponent("people.csv"))
        try Self.writeRepeatedReference(prefix: "a", to: dir.appendingPathComponent("allowed.csv"))

        let first = try Importer.run(
            ["run", "people.csv", "--template", Self.template] + Self.sending(to: emulator), in: dir, environment: Self.environment())
        #expect(first.status == 1, "\(first.stdout) \(first.stderr)")
        #expect(RunCounts(first.stdout) == RunCounts(read: 4, created: 3, skipped: 0, rejected: 1, failed: 0), "\(first.stdout)")
        #expect(first.stderr.contains("people.csv:4: rejected: reference-id also on line 2"), "\(first.stderr)")
        #expect(first.stdout.contains("1 rows repeat a reference-id"), "\(first.stdout)")
        let rejects = try String(contentsOf: dir.appendingPathComponent("people.csv.rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("reference-id also on line 2"))
        #expect(rejects.contains("Byron"), "the rejects file keeps the original row")
        var stats = try emulator.stats()
        #expect(stats.inquiriesCreated == 3)
        #expect(stats.duplicateReferenceIDs.isEmpty)

        let allowed = try Importer.run(
            ["run", "allowed.csv", "--template", Self.template, "--allow-duplicate-reference-ids"] + Self.sending(to: emulator),
            in: dir, environment: Self.environment())
        #expect(allowed.status == 0, "\(allowed.stdout) \(allowed.stderr)")
        #expect(RunCounts(allowed.stdout) == RunCounts(read: 4, created: 4, skipped: 0, rejected: 0, failed: 0), "\(allowed.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("allowed.csv.rejects.csv").path))
        stats = try emulator.stats()
        #expect(stats.inquiriesCreated == 7)
        #expect(stats.duplicateReferenceIDs.map(\.referenceID) == ["a-1"], "both rows with a-1 were sent")
        #expect(stats.duplicateReferenceIDs.first?.inquiryIDs.count == 2)
    }

    /// The rejection reason says "--allow-duplicate-reference-ids to send both": running the same
    /// command again with that flag must send the row that was rejected as a repeat, and only it.
    @Test func theFlagNamedInTheRejectionSendsTheRepeatOnTheSameCommandsRerun() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writeRepeatedReference(prefix: "r", to: dir.appendingPathComponent("people.csv"))
        let arguments = ["run", "people.csv", "--template", Self.template] + Self.sending(to: emulator)

        let first = try Importer.run(arguments, in: dir, environment: Self.environment())
        #expect(first.status == 1, "\(first.stdout) \(first.stderr)")
        #expect(first.stderr.contains("--allow-duplicate-reference-ids to send both"), "\(first.stderr)")
        #expect(try emulator.stats().inquiriesCreated == 3)

        let allowed = try Importer.run(arguments + ["--allow-duplicate-reference-ids"], in: dir, environment: Self.environment())
        #expect(allowed.status == 0, "nothing is rejected any more: \(allowed.stdout) \(allowed.stderr)")
        #expect(RunCounts(allowed.stdout) == RunCounts(read: 4, created: 1, skipped: 3, rejected: 0, failed: 0), "\(allowed.stdout)")
        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == 4, "the repeat is sent, the three created rows are not")
        #expect(stats.duplicateReferenceIDs.map(\.referenceID) == ["r-1"])
    }

    // MARK: - 4. A key the API refuses

    @Test func aKeyTheAPIRefusesStopsTheRunWithExitThreeAndIsNeverPrinted() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writePeople(rows: 50, prefix: "k", to: dir.appendingPathComponent("people.csv"))
        let wrongKey = "persona_sandbox_wrong"

        let result = try Importer.run(
            ["run", "people.csv", "--template", Self.template] + Self.sending(to: emulator),
            in: dir, environment: Self.environment(key: wrongKey))
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("the API refused the key"), "\(result.stderr)")
        #expect(!result.stdout.contains(wrongKey) && !result.stderr.contains(wrongKey), "the key is never printed")
        #expect(result.stdout.contains("resume"), "says how to go on once the key is fixed: \(result.stdout)")

        let stats = try emulator.stats()
        #expect(stats.requests <= 8, "at most one request per worker (default --concurrency 8): \(stats.requests)")
        #expect(stats.requests >= 1)
        #expect(stats.responses(401) == stats.requests)
        #expect(stats.inquiriesCreated == 0)
        #expect(!emulator.log.contains(wrongKey), "nor logged by the emulator at warning level")
    }

    // MARK: - 5. Setup and usage errors

    @Test func setupErrorsExitTwoAndUsageErrorsExit64BeforeAnythingIsSent() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writePeople(rows: 3, prefix: "s", to: dir.appendingPathComponent("people.csv"))
        let base = ["run", "people.csv", "--template", Self.template]
        let ledger = dir.appendingPathComponent("people.csv.ledger.sqlite")

        // No key at all.
        let noKey = try Importer.run(base + Self.sending(to: emulator), in: dir, environment: Self.environment(key: nil))
        #expect(noKey.status == 2, "\(noKey.stdout) \(noKey.stderr)")
        #expect(noKey.stderr.contains("PERSONA_API_KEY"), "\(noKey.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ledger.path), "no ledger for a run that cannot start")

        // A key file others can read.
        let keyFile = dir.appendingPathComponent("api-key")
        try (EmulatorProcess.defaultKey + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let open = try Importer.run(
            base + Self.sending(to: emulator) + ["--api-key-file", keyFile.path], in: dir, environment: Self.environment(key: nil))
        #expect(open.status == 2, "\(open.stdout) \(open.stderr)")
        #expect(open.stderr.contains("chmod 600"), "\(open.stderr)")
        #expect(!open.stdout.contains(EmulatorProcess.defaultKey) && !open.stderr.contains(EmulatorProcess.defaultKey))

        // Plain http to anything but loopback.
        let remote = try Importer.run(
            base + ["--api-base", "http://example.com/api/v1", "--rate-limit", "1000000/1s"], in: dir,
            environment: Self.environment())
        #expect(remote.status == 2, "\(remote.stdout) \(remote.stderr)")
        #expect(remote.stderr.contains("loopback"), "\(remote.stderr)")

        // Usage errors.
        for (arguments, mentions) in [
            (["run", "-", "--template", Self.template], "standard input"),
            (base + ["--concurrency", "0"], "--concurrency"),
            (base + ["--rate-limit", "1/0s"], "--rate-limit"),
        ] {
            let usage = try Importer.run(arguments + ["--api-base", emulator.apiBase], in: dir, environment: Self.environment())
            #expect(usage.status == 64, "\(arguments): \(usage.stdout) \(usage.stderr)")
            #expect(usage.stderr.contains(mentions), "\(arguments): \(usage.stderr)")
        }
        #expect(try emulator.stats().requests == 0, "nothing was sent")
        #expect(!FileManager.default.fileExists(atPath: ledger.path))

        // The same key file made private works.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        let fixed = try Importer.run(
            base + Self.sending(to: emulator) + ["--api-key-file", keyFile.path], in: dir, environment: Self.environment(key: nil))
        #expect(fixed.status == 0, "\(fixed.stdout) \(fixed.stderr)")
        #expect(RunCounts(fixed.stdout)?.created == 3, "\(fixed.stdout)")
        #expect(try emulator.stats().inquiriesCreated == 3)
    }

    // MARK: - 6. SIGTERM, then resume

    @Test func sigtermStopsGracefullyAndTheSameCommandResumesWithoutDuplicates() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 3000
        try Self.writePeople(rows: rows, prefix: "t", to: dir.appendingPathComponent("people.csv"))
        let arguments = ["run", "people.csv", "--template", Self.template, "--api-base", emulator.apiBase, "--rate-limit", "1000/1s"]

        let running = try Importer.start(arguments, in: dir, environment: Self.environment())
        var signalled = false
        let deadline = Date().addingTimeInterval(60)
        while running.isRunning, Date() < deadline {
            if try emulator.stats().inquiriesCreated > 100 {
                running.send(SIGTERM)
                signalled = true
                break
            }
            usleep(20_000)
        }
        let first = running.wait()
        try #require(signalled, "the run ended before 100 inquiries were seen: \(first.stdout) \(first.stderr)")
        #expect(first.status == 143, "\(first.stdout) \(first.stderr)")
        #expect(first.stdout.contains("resume"), "\(first.stdout)")
        #expect(first.stderr.contains("stopped by signal 15"), "\(first.stderr)")
        let stopped = try #require(RunCounts(first.stdout), "no summary line: \(first.stdout)")
        #expect(stopped.read <= rows)
        #expect(stopped.created > 100 && stopped.created < rows, "\(first.stdout)")
        let afterStop = try emulator.stats()
        #expect(afterStop.inquiriesCreated == stopped.created, "requests in flight finished and were recorded")

        let resumed = try Importer.run(arguments, in: dir, environment: Self.environment())
        #expect(resumed.status == 0, "\(resumed.stdout) \(resumed.stderr)")
        let counts = try #require(RunCounts(resumed.stdout), "no summary line: \(resumed.stdout)")
        #expect(counts.read == rows)
        #expect(counts.skipped == stopped.created, "the rows created before the signal are skipped")
        #expect(counts.created + counts.skipped == rows)

        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == rows)
        #expect(stats.duplicateReferenceIDs.isEmpty)
    }

    // MARK: - 7. --time-limit

    @Test func timeLimitStopsWithExit75AndARerunCreatesTheRestExactlyOnce() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "20/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 60
        try Self.writePeople(rows: rows, prefix: "l", to: dir.appendingPathComponent("people.csv"))
        let arguments = ["run", "people.csv", "--template", Self.template, "--api-base", emulator.apiBase, "--rate-limit", "20/1s"]

        let limited = try Importer.run(arguments + ["--time-limit", "1s"], in: dir, environment: Self.environment())
        #expect(limited.status == 75, "\(limited.stdout) \(limited.stderr)")
        #expect(limited.stderr.contains("--time-limit reached"), "\(limited.stderr)")
        #expect(limited.stdout.contains("resume"), "\(limited.stdout)")
        let first = try #require(RunCounts(limited.stdout), "no summary line: \(limited.stdout)")
        #expect(first.created < rows)
        #expect(try emulator.stats().inquiriesCreated == first.created)

        // Same emulator (stats accumulate), no time limit.
        let rest = try Importer.run(arguments, in: dir, environment: Self.environment())
        #expect(rest.status == 0, "\(rest.stdout) \(rest.stderr)")
        let second = try #require(RunCounts(rest.stdout), "no summary line: \(rest.stdout)")
        #expect(second.skipped == first.created)
        #expect(second.created == rows - first.created)

        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == rows)
        #expect(stats.duplicateReferenceIDs.isEmpty)
    }

    /// A time limit that strikes while the last request is in flight leaves nothing to do: the
    /// request finishes and is recorded, so the run is complete and must not ask for a resume.
    @Test func timeLimitReachedWithEveryRowCreatedExitsZero() throws {
        // 750–2250 ms per answer: the 0.5 s limit always strikes while the one request is in flight.
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s", "--latency", "1500"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writePeople(rows: 1, prefix: "one", to: dir.appendingPathComponent("people.csv"))
        let arguments = ["run", "people.csv", "--template", Self.template] + Self.sending(to: emulator)

        let result = try Importer.run(arguments + ["--time-limit", "0.5s"], in: dir, environment: Self.environment())
        #expect(RunCounts(result.stdout) == RunCounts(read: 1, created: 1, skipped: 0, rejected: 0, failed: 0), "\(result.stdout)")
        #expect(try emulator.stats().inquiriesCreated == 1)
        #expect(result.status == 0, "every row is created, none is left for a rerun: \(result.stdout) \(result.stderr)")
        #expect(!result.stdout.contains("to resume"), "\(result.stdout)")
    }

    // MARK: - 8. Faults

    @Test func serverErrorsAndDroppedConnectionsAreRetriedWithoutADuplicate() throws {
        let emulator = try EmulatorProcess([
            "--rate-limit", "1000000/1s", "--fault-5xx", "0.1", "--drop-before", "0.1", "--drop-after-commit", "0.1", "--seed", "3",
        ])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 300
        try Self.writePeople(rows: rows, prefix: "f", to: dir.appendingPathComponent("people.csv"))

        let result = try Importer.run(
            ["run", "people.csv", "--template", Self.template, "--concurrency", "16"] + Self.sending(to: emulator),
            in: dir, environment: Self.environment())
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(RunCounts(result.stdout) == RunCounts(read: rows, created: rows, skipped: 0, rejected: 0, failed: 0), "\(result.stdout)")

        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == rows)
        #expect(stats.duplicateReferenceIDs.isEmpty)
        #expect(stats.faults.values.reduce(0, +) > 0, "faults were injected: \(stats.faults)")
        #expect(stats.responses(201) + stats.replays >= rows)
    }

    // MARK: - 9. Camel-case answers and an attribute blocklist

    @Test func camelInflectionAndAnAttributeBlocklistDoNotBreakCreates() throws {
        let emulator = try EmulatorProcess([
            "--rate-limit", "1000000/1s", "--key-inflection", "camel", "--attribute-blocklist", "name-*,address-*,reference-id",
        ])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try copySamples(["persona-headers.csv"], to: dir)
        let people = try Self.writePeople(rows: 20, prefix: "c", to: dir.appendingPathComponent("people.csv"))

        let headers = try Importer.run(
            ["run", "persona-headers.csv", "--template", Self.template] + Self.sending(to: emulator),
            in: dir, environment: Self.environment())
        #expect(headers.status == 0, "\(headers.stdout) \(headers.stderr)")
        let sample = try #require(RunCounts(headers.stdout), "no summary line: \(headers.stdout)")
        #expect(sample.created == sample.read && sample.read > 0)

        let generated = try Importer.run(
            ["run", people.lastPathComponent, "--template", Self.template] + Self.sending(to: emulator),
            in: dir, environment: Self.environment())
        #expect(generated.status == 0, "\(generated.stdout) \(generated.stderr)")
        #expect(RunCounts(generated.stdout) == RunCounts(read: 20, created: 20, skipped: 0, rejected: 0, failed: 0), "\(generated.stdout)")

        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == sample.created + 20)
        #expect(stats.responses(201) == sample.created + 20)
    }

    // MARK: - 10. --dry-run

    @Test func dryRunCountsAndEstimatesButSendsNothingAndWritesNoLedger() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try copySamples(["customers.csv", "customers.mapping.yaml"], to: dir)
        let arguments = ["run", "customers.csv", "--mapping", "customers.mapping.yaml"] + Self.sending(to: emulator)
        let ledger = dir.appendingPathComponent("customers.csv.ledger.sqlite")

        let dry = try Importer.run(arguments + ["--dry-run"], in: dir, environment: Self.environment())
        #expect(dry.status == 1, "3 rows are rejected: \(dry.stdout) \(dry.stderr)")
        #expect(dry.stdout.contains("20 rows read: 17 to create, 0 already done, 3 rejected"), "\(dry.stdout)")
        #expect(dry.stdout.contains("would take about"), "\(dry.stdout)")
        #expect(try emulator.stats().requests == 0, "a dry run sends nothing")
        #expect(!FileManager.default.fileExists(atPath: ledger.path), "a dry run writes no ledger")

        // After a real run, a dry run reads the ledger: nothing left to create.
        let real = try Importer.run(arguments, in: dir, environment: Self.environment())
        #expect(real.status == 1, "\(real.stdout) \(real.stderr)")
        let afterReal = try emulator.stats()
        #expect(afterReal.inquiriesCreated == 17)
        let requests = afterReal.requests
        let again = try Importer.run(arguments + ["--dry-run"], in: dir, environment: Self.environment())
        #expect(
            again.stdout.contains("20 rows read: 0 to create, 17 already done, 3 rejected")
                || again.stdout.contains("nothing left to do"), "\(again.stdout)")
        #expect(!again.stdout.contains("would take about"), "\(again.stdout)")
        #expect(try emulator.stats().requests == requests)
    }

    // MARK: - Helpers

    static let header = "reference-id,name-first,name-last,birthdate\n"

    /// `--api-base` for `emulator` and a rate high enough never to pace.
    static func sending(to emulator: EmulatorProcess) -> [String] {
        ["--api-base", emulator.apiBase, "--rate-limit", "1000000/1s"]
    }

    /// The test process's environment without any Persona setting, plus `key` when given.
    static func environment(key: String? = EmulatorProcess.defaultKey) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["PERSONA_API_KEY", "PERSONA_API_BASE", "PERSONA_IMPORT_LOG_LEVEL"] { environment[name] = nil }
        if let key { environment["PERSONA_API_KEY"] = key }
        return environment
    }

    /// A header-mode CSV of `rows` valid people with reference-ids `<prefix>-00001`, ….
    @discardableResult
    static func writePeople(rows: Int, prefix: String, to url: URL) throws -> URL {
        var text = header
        text.reserveCapacity(rows * 48)
        for index in 1...rows {
            let number = String(index)
            let padded = String(repeating: "0", count: max(0, 5 - number.count)) + number
            let day = index % 28 + 1
            text += "\(prefix)-\(padded),Given\(index),Family\(index),1980-01-\(day < 10 ? "0" : "")\(day)\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func permissions(of url: URL) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// `valid` from `validate`'s summary ("N rows read, N valid, N rejected").
    static func validCount(_ stdout: String) -> Int? {
        guard let match = stdout.firstMatch(of: /(\d+) rows read, (\d+) valid, (\d+) rejected/) else { return nil }
        return Int(match.2)
    }
}

/// Copies files from `samples/` into `directory`.
private func copySamples(_ names: [String], to directory: URL) throws {
    let samples = Importer.repositoryRoot.appendingPathComponent("samples")
    for name in names {
        try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: directory.appendingPathComponent(name))
    }
}

/// The counts of `run`'s summary line: "<input>: N rows read, N created, N skipped (already
/// done), N rejected, N failed …".
struct RunCounts: Equatable, CustomStringConvertible {
    var read: Int
    var created: Int
    var skipped: Int
    var rejected: Int
    var failed: Int

    init(read: Int, created: Int, skipped: Int, rejected: Int, failed: Int) {
        self.read = read
        self.created = created
        self.skipped = skipped
        self.rejected = rejected
        self.failed = failed
    }

    /// Nil when `stdout` has no summary line. A job finished by an earlier run is summed up as
    /// "nothing left to do: … (N rows done, N rejected, N failed)": every valid row skipped.
    init?(_ stdout: String) {
        let pattern = /(\d+) rows read, (\d+) created, (\d+) skipped \(already done\), (\d+) rejected, (\d+) failed/
        if let match = stdout.firstMatch(of: pattern),
           let read = Int(match.1), let created = Int(match.2), let skipped = Int(match.3),
           let rejected = Int(match.4), let failed = Int(match.5) {
            self.init(read: read, created: created, skipped: skipped, rejected: rejected, failed: failed)
            return
        }
        let finished = /nothing left to do: .*\((\d+) rows done, (\d+) rejected, (\d+) failed\)/
        guard let match = stdout.firstMatch(of: finished),
              let done = Int(match.1), let rejected = Int(match.2), let failed = Int(match.3) else { return nil }
        self.init(read: done + rejected, created: 0, skipped: done, rejected: rejected, failed: failed)
    }

    var description: String { "\(read) read, \(created) created, \(skipped) skipped, \(rejected) rejected, \(failed) failed" }
}

/// The importer end to end under each API version it may pin: creates, replays after lost
/// answers, reference-id lookups after 5xx, and the reports.
@Suite struct PersonaVersionRunTests {
    @Test(arguments: ["2025-12-08", "2023-01-05"])
    func aRunWithLostAnswersCompletesUnderVersion(_ version: String) throws {
        // The emulator's own default is the other version: every request must name this one.
        let other = version == "2023-01-05" ? "2025-12-08" : "2023-01-05"
        let emulator = try EmulatorProcess([
            "--rate-limit", "1000000/1s", "--fault-5xx-after-commit", "0.1", "--drop-after-commit", "0.1", "--seed", "5",
            "--default-version", other,
        ])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 120
        try RunCommandTests.writePeople(rows: rows, prefix: "v", to: dir.appendingPathComponent("people.csv"))

        let result = try Importer.run(
            ["run", "people.csv", "--template", RunCommandTests.template, "--persona-version", version,
             "--report", "report.json"] + RunCommandTests.sending(to: emulator),
            in: dir, environment: RunCommandTests.environment())
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(RunCounts(result.stdout) == RunCounts(read: rows, created: rows, skipped: 0, rejected: 0, failed: 0), "\(result.stdout)")

        let stats = try emulator.stats()
        #expect(stats.requestsByVersion.keys.sorted() == [version], "\(stats.requestsByVersion)")
        #expect(stats.inquiriesCreated == rows && stats.duplicateReferenceIDs.isEmpty)
        #expect(stats.replays > 0 && stats.faults.values.reduce(0, +) > 0, "lost answers were replayed or looked up: \(stats)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as? [String: Any]
        #expect(report != nil)
        let status = try Importer.run(["status"], in: dir, environment: RunCommandTests.environment())
        #expect(status.status == 0 && status.stdout.contains("\(rows)"), "\(status.stdout)")
    }
}
