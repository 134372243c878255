import Foundation
import Testing

/// End-to-end tests of what an operator sees and keeps (issue 9): the status line on a
/// terminal and no escape sequence without one, the JSON and HTML reports, the Prometheus
/// metrics file, JSON logs, the production-key guard, the key's secrecy across every output of
/// a run with failures, and the modes of the files that hold customer data.
///
/// The real `persona-import` against the real `persona-emulator` on port 0, each test with its
/// own emulator and temporary folder, as in ``RunCommandTests``. Serialized for the same reason.
@Suite(.serialized) struct OperatorExperienceTests {
    static let template = "itmpl_test"

    // MARK: - 1. Progress

    @Test(.enabled(if: Importer.which("script") != nil, "needs script(1) from util-linux; scripts/test.sh installs it"))
    func aTerminalGetsAStatusLineRedrawnInPlaceAndPipesGetNoEscapeSequence() throws {
        // 60 rows at 20 requests/s: three rate-limit windows, so the line is drawn at least once.
        let emulator = try EmulatorProcess(["--rate-limit", "20/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 60, prefix: "tty", to: dir.appendingPathComponent("tty.csv"))
        try RunCommandTests.writePeople(rows: 60, prefix: "pipe", to: dir.appendingPathComponent("pipe.csv"))
        let options = ["--template", Self.template, "--api-base", emulator.apiBase, "--rate-limit", "20/1s"]

        let terminal = try Self.onATerminal(["run", "tty.csv"] + options, in: dir, environment: RunCommandTests.environment())
        let screen = terminal.stdout
        #expect(terminal.status == 0, "\(screen) \(terminal.stderr)")
        #expect(screen.contains("\r\u{1B}[2K"), "the status line is cleared and redrawn in place: \(screen.debugDescription)")
        #expect(screen.contains("created "), "\(screen.debugDescription)")
        #expect(screen.contains("ETA "), "\(screen.debugDescription)")
        #expect(screen.contains("waiting for rate limit") || screen.contains("%"), "\(screen.debugDescription)")
        #expect(RunCounts(screen) == RunCounts(read: 60, created: 60, skipped: 0, rejected: 0, failed: 0), "\(screen.debugDescription)")
        // The summary starts on a cleared line, not glued to the last status line.
        let afterLastClear = screen.components(separatedBy: "\r\u{1B}[2K").last ?? ""
        #expect(afterLastClear.hasPrefix("tty.csv: 60 rows read"), "\(screen.debugDescription)")

        // Plain pipes (cron, CI): no redraws, no escape sequence, no carriage return.
        let piped = try Importer.run(["run", "pipe.csv"] + options, in: dir, environment: RunCommandTests.environment())
        #expect(piped.status == 0, "\(piped.stdout) \(piped.stderr)")
        #expect(RunCounts(piped.stdout) == RunCounts(read: 60, created: 60, skipped: 0, rejected: 0, failed: 0), "\(piped.stdout)")
        for (name, text) in [("stdout", piped.stdout), ("stderr", piped.stderr)] {
            #expect(!text.contains("\u{1B}["), "an escape sequence on \(name) without a terminal: \(text.debugDescription)")
            #expect(!text.contains("\r"), "a carriage return on \(name) without a terminal: \(text.debugDescription)")
        }
        #expect(try emulator.stats().inquiriesCreated == 120)
    }

    @Test(.enabled(if: Importer.which("script") != nil, "needs script(1) from util-linux; scripts/test.sh installs it"))
    func noProgressOnATerminalDrawsNoStatusLine() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "20/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 60, prefix: "quiet", to: dir.appendingPathComponent("quiet.csv"))

        let quiet = try Self.onATerminal(
            ["run", "quiet.csv", "--template", Self.template, "--api-base", emulator.apiBase, "--rate-limit", "20/1s", "--no-progress"],
            in: dir, environment: RunCommandTests.environment())
        #expect(quiet.status == 0, "\(quiet.stdout) \(quiet.stderr)")
        #expect(RunCounts(quiet.stdout) == RunCounts(read: 60, created: 60, skipped: 0, rejected: 0, failed: 0), "\(quiet.stdout)")
        #expect(!quiet.stdout.contains("ETA"), "no status line: \(quiet.stdout.debugDescription)")
        #expect(!quiet.stdout.contains(" · "), "no status line: \(quiet.stdout.debugDescription)")
        #expect(!quiet.stdout.contains("\u{1B}[2K"), "no redraw sequence with --no-progress: \(quiet.stdout.debugDescription)")
    }

    // MARK: - 2. The JSON report and the metrics file

    @Test func theJSONReportAndTheMetricsFileCarryTheSummarysCountsUnderTheDocumentedKeys() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "20/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MixedInput.write(rows: 48, to: dir)
        let startedAt = Date().timeIntervalSince1970

        let result = try Importer.run(
            input.arguments(rateLimit: "20/1s") + ["--report", "r.json", "--report", "r.html", "--metrics-file", "m.prom"],
            in: dir, environment: Self.environment(base: emulator.apiBase))
        #expect(result.status == 1, "rows were rejected and failed: \(result.stdout) \(result.stderr)")
        let counts = try #require(RunCounts(result.stdout), "no summary line: \(result.stdout)")
        #expect(counts == input.expectedCounts, "\(result.stdout) \(result.stderr)")
        let answers = try #require(Self.retriesAndRateLimited(result.stdout), "\(result.stdout)")

        // The JSON report: the documented keys, nothing else, and the summary's values.
        let report = try Self.jsonObject(dir.appendingPathComponent("r.json"))
        let keys = Set(report.keys)
        #expect(keys.isSubset(of: Self.reportKeys), "undocumented keys: \(keys.subtracting(Self.reportKeys).sorted())")
        #expect(Self.reportKeys.subtracting(Self.optionalReportKeys).isSubset(of: keys), "missing: \(Self.reportKeys.subtracting(keys).sorted())")
        #expect(report["report-version"] as? Int == 1)
        #expect((report["tool"] as? String)?.hasPrefix("persona-import ") == true, "\(report["tool"] ?? "nil")")
        #expect(report["input"] as? String == "people.csv")
        #expect(report["ledger"] as? String == "people.csv.ledger.sqlite")
        #expect(report["rejects-file"] as? String == "people.csv.rejects.csv")
        #expect(report["outcome"] as? String == "completed")
        #expect(report["stop-reason"] == nil, "a completed run has no stop reason")
        #expect(report["exit-code"] as? Int == 1)
        #expect(report["job-complete"] as? Bool == true)
        #expect((report["next-step"] as? String)?.contains("--retry-failed") == true, "\(report["next-step"] ?? "nil")")
        let started = try #require((report["started-at"] as? String).flatMap(ISO8601DateFormatter().date(from:)), "started-at")
        let finished = try #require((report["finished-at"] as? String).flatMap(ISO8601DateFormatter().date(from:)), "finished-at")
        #expect(finished >= started)
        #expect(((report["seconds"] as? NSNumber)?.doubleValue ?? -1) >= 0)
        for key in ["average-rate", "peak-rate", "seconds-waiting-for-rate-limit"] {
            #expect(((report[key] as? NSNumber)?.doubleValue ?? -1) >= 0, "\(key): \(report[key] ?? "nil")")
        }

        let reportCounts = try #require(report["counts"] as? [String: Any], "counts")
        #expect(Set(reportCounts.keys) == Self.countKeys, "counts keys: \(reportCounts.keys.sorted())")
        let expected: [String: Int] = [
            "read": counts.read, "valid": counts.created + counts.failed, "created": counts.created, "skipped": counts.skipped,
            "rejected": counts.rejected, "failed": counts.failed, "unresolved": 0, "not-sent": 0, "already-imported": 0,
            "duplicate-found": 0, "indeterminate": 0, "retries": answers.retries, "rate-limited": answers.rateLimited,
            "reconciliations": 0,
        ]
        for (key, value) in expected {
            #expect(reportCounts[key] as? Int == value, "counts.\(key): \(reportCounts[key] ?? "nil"), the summary says \(value)")
        }

        let rejectedGroups = try Self.reasonGroups(report["rejected-by-reason"])
        #expect(rejectedGroups.reduce(0) { $0 + $1.count } == input.rejectedLines.count)
        #expect(Set(rejectedGroups.flatMap(\.lines)) == Set(input.rejectedLines))
        #expect(rejectedGroups.allSatisfy { $0.reason.contains("name-last") }, "\(rejectedGroups)")
        let failedGroups = try Self.reasonGroups(report["failed-by-reason"])
        #expect(failedGroups.reduce(0) { $0 + $1.count } == input.failedLines.count)
        #expect(Set(failedGroups.flatMap(\.lines)) == Set(input.failedLines))
        #expect(failedGroups.allSatisfy { $0.reason.hasPrefix("422") }, "\(failedGroups)")
        let failures = try #require(report["first-failures"] as? [[String: Any]], "first-failures")
        #expect(Set(failures.compactMap { $0["line"] as? Int }) == Set(input.failedLines))
        for failure in failures {
            #expect(Set(failure.keys) == ["line", "reference-id", "error", "request-id"], "\(failure)")
            #expect((failure["request-id"] as? String)?.hasPrefix("req_") == true, "\(failure)")
            #expect((failure["reference-id"] as? String)?.hasPrefix("bad-") == true, "\(failure)")
        }
        let timeline = try #require(report["timeline"] as? [[String: Any]], "timeline")
        #expect(!timeline.isEmpty, "a run over three rate-limit windows has a timeline")
        for point in timeline {
            #expect(Set(point.keys) == ["second", "width", "created", "rate-limited", "waiting"], "\(point)")
        }
        #expect(timeline.reduce(0) { $0 + ($1["created"] as? Int ?? 0) } <= counts.created)

        // The metrics file: Prometheus text format, the run's counts.
        let text = try String(contentsOf: dir.appendingPathComponent("m.prom"), encoding: .utf8)
        let metrics = Prometheus(text)
        #expect(metrics.malformed.isEmpty, "lines that are not `name{labels} value`: \(metrics.malformed)")
        #expect(text.hasSuffix("\n"), "the text format ends with a line feed")
        #expect(metrics.untyped.isEmpty, "samples without a # TYPE line: \(metrics.untyped)")
        for (outcome, value) in [
            ("read", counts.read), ("created", counts.created), ("skipped", counts.skipped), ("rejected", counts.rejected),
            ("failed", counts.failed),
        ] {
            #expect(metrics.value("persona_import_last_run_rows", ["outcome": outcome]) == Double(value), "rows{outcome=\"\(outcome)\"}:\n\(text)")
        }
        #expect((metrics.value("persona_import_last_run_duration_seconds") ?? -1) >= 0, "\(text)")
        #expect(metrics.value("persona_import_last_run_rate_limited_responses") == Double(answers.rateLimited), "\(text)")
        #expect(metrics.value("persona_import_last_run_exit_code") == 1, "\(text)")
        #expect(metrics.value("persona_import_last_run_stop_reason", ["reason": "none"]) == 1, "\(text)")
        #expect(metrics.value("persona_import_last_run_stop_reason", ["reason": "refused-repeatedly"]) == 0, "\(text)")
        let success = try #require(metrics.value("persona_import_last_success_timestamp_seconds"), "the job completed:\n\(text)")
        #expect(success >= startedAt - 5 && success <= Date().timeIntervalSince1970 + 5, "\(success)")

        #expect(try Self.mode(dir, "r.json") == 0o600)
        #expect(try Self.mode(dir, "r.html") == 0o600)
        #expect(try Self.mode(dir, "m.prom") == 0o644, "node_exporter reads it; it holds counts only")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains(".tmp-") }, "no temporary file is left")

        // A run the API stops (a refused key) reports why and keeps the last success.
        try RunCommandTests.writePeople(rows: 5, prefix: "next", to: dir.appendingPathComponent("next.csv"))
        let refused = try Importer.run(
            ["run", "next.csv", "--template", Self.template, "--rate-limit", "20/1s", "--report", "refused.json", "--metrics-file", "m.prom"],
            in: dir, environment: Self.environment(key: "persona_sandbox_not-this-one", base: emulator.apiBase))
        #expect(refused.status == 3, "\(refused.stdout) \(refused.stderr)")
        let stopped = try Self.jsonObject(dir.appendingPathComponent("refused.json"))
        #expect(stopped["outcome"] as? String == "key-rejected")
        #expect(stopped["stop-reason"] is String, "a stopped run says why")
        #expect(stopped["exit-code"] as? Int == 3)
        #expect(stopped["job-complete"] as? Bool == false)
        #expect((stopped["next-step"] as? String)?.contains("fix the key") == true, "\(stopped["next-step"] ?? "nil")")
        let after = Prometheus(try String(contentsOf: dir.appendingPathComponent("m.prom"), encoding: .utf8))
        #expect(after.malformed.isEmpty, "\(after.malformed)")
        #expect(after.value("persona_import_last_run_exit_code") == 3)
        #expect(after.value("persona_import_last_run_stop_reason", ["reason": "key-rejected"]) == 1)
        #expect(after.value("persona_import_last_success_timestamp_seconds") == success, "a failed run keeps the last success")
    }

    // MARK: - 3. The HTML report in a browser

    @Test(.enabled(if: Chromium.path != nil, "chromium is not installed; scripts/test.sh installs it"))
    func theHTMLReportRendersInHeadlessChromiumAndFetchesNothing() throws {
        let chromium = try #require(Chromium.path)
        let emulator = try EmulatorProcess(["--rate-limit", "20/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MixedInput.write(rows: 48, to: dir)
        let result = try Importer.run(
            input.arguments(rateLimit: "20/1s") + ["--report", "report.html"], in: dir, environment: Self.environment(base: emulator.apiBase))
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        let counts = try #require(RunCounts(result.stdout), "\(result.stdout)")
        let page = dir.appendingPathComponent("report.html")
        let html = try String(contentsOf: page, encoding: .utf8)

        // Self-contained: nothing to fetch, nothing to run, no field values.
        for reference in ["http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link", "<iframe"] {
            #expect(!html.lowercased().contains(reference), "the report holds \(reference)")
        }
        for value in MixedInput.fieldValues {
            #expect(!html.contains(value), "a field value is in the report: \(value)")
        }

        let profile = dir.appendingPathComponent("chromium-profile").path
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0"]
        let png = dir.appendingPathComponent("report.png")
        let shot = try Importer.runProgram(
            chromium, common + ["--screenshot=\(png.path)", "--window-size=1100,1400", page.absoluteString], in: dir, timeout: 120)
        #expect(shot.status == 0, "chromium: \(shot.stderr)")
        let image = try Data(contentsOf: png)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG")
        #expect(image.count > 20_000, "a rendered page, not a blank one: \(image.count) bytes")
        #expect(!shot.stderr.contains(":CONSOLE"), "the page logged to the console: \(shot.stderr)")

        let dom = try Importer.runProgram(chromium, common + ["--dump-dom", page.absoluteString], in: dir, timeout: 120)
        #expect(dom.status == 0, "chromium: \(dom.stderr)")
        #expect(dom.stdout.contains("<div class=\"card\"><b>\(counts.created)</b><span>created</span></div>"), "\(dom.stdout)")
        #expect(dom.stdout.contains("<div class=\"card\"><b>\(counts.rejected)</b><span>rejected</span></div>"), "\(dom.stdout)")
        #expect(dom.stdout.contains("<div class=\"card\"><b>\(counts.failed)</b><span>failed</span></div>"), "\(dom.stdout)")
        #expect(dom.stdout.contains("<div class=\"card\"><b>\(counts.read)</b><span>rows read</span></div>"), "\(dom.stdout)")
        #expect(dom.stdout.contains("<svg"), "the chart of creates per second")
        #expect(dom.stdout.contains("Failed rows by reason") && dom.stdout.contains("Rejected rows by reason"))
        #expect(!dom.stdout.contains("<script"), "no script, not even one added while loading")

        let pdf = dir.appendingPathComponent("report.pdf")
        let printed = try Importer.runProgram(
            chromium, common + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString], in: dir, timeout: 120)
        #expect(printed.status == 0, "chromium: \(printed.stderr)")
        #expect(try Data(contentsOf: pdf).starts(with: Array("%PDF".utf8)), "it prints")
    }

    // MARK: - 4. The production guard

    @Test func aProductionKeyNeedsProductionOrTheEnvironmentVariableAndNothingIsSentWithout() throws {
        let key = "persona_production_guardTest0000000001"
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s", "--api-key", key])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 5, prefix: "prod", to: dir.appendingPathComponent("people.csv"))
        try RunCommandTests.writePeople(rows: 5, prefix: "env", to: dir.appendingPathComponent("allowed.csv"))
        let base = ["--template", Self.template, "--rate-limit", "1000000/1s"]
        let environment = Self.environment(key: key, base: emulator.apiBase)

        let refused = try Importer.run(["run", "people.csv"] + base, in: dir, environment: environment)
        #expect(refused.status == 2, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("--production"), "\(refused.stderr)")
        #expect(refused.stderr.contains("PERSONA_IMPORT_ALLOW_PRODUCTION"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was sent"), "\(refused.stderr)")
        #expect(!(refused.stdout + refused.stderr).contains(key), "the key is never printed")
        #expect(try emulator.stats().requests == 0, "stopped before sending")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("people.csv.ledger.sqlite").path))

        // A variable set to anything but 1 is no consent.
        var notOne = environment
        notOne["PERSONA_IMPORT_ALLOW_PRODUCTION"] = "yes"
        let vague = try Importer.run(["run", "people.csv"] + base, in: dir, environment: notOne)
        #expect(vague.status == 2, "\(vague.stdout) \(vague.stderr)")
        #expect(try emulator.stats().requests == 0)

        let confirmed = try Importer.run(["run", "people.csv", "--production"] + base, in: dir, environment: environment)
        #expect([0, 1].contains(confirmed.status), "\(confirmed.stdout) \(confirmed.stderr)")
        #expect(RunCounts(confirmed.stdout)?.created == 5, "\(confirmed.stdout)")

        var allowed = environment
        allowed["PERSONA_IMPORT_ALLOW_PRODUCTION"] = "1"
        let byVariable = try Importer.run(["run", "allowed.csv"] + base, in: dir, environment: allowed)
        #expect([0, 1].contains(byVariable.status), "\(byVariable.stdout) \(byVariable.stderr)")
        #expect(RunCounts(byVariable.stdout)?.created == 5, "\(byVariable.stdout)")
        #expect(try emulator.stats().inquiriesCreated == 10)
    }

    /// The cron example in docs/operating.md relies on it: no flock, the ledger's own lock refuses a second run.
    @Test func aSecondRunOnABusyLedgerOrAnUnwritableLedgerExitsTwoWithAMessage() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "5/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 60, prefix: "busy", to: dir.appendingPathComponent("busy.csv"))
        try RunCommandTests.writePeople(rows: 3, prefix: "late", to: dir.appendingPathComponent("late.csv"))
        var environment = Self.environment(base: emulator.apiBase)
        environment["SWIFT_BACKTRACE"] = "enable=no"  // while the known issue makes debug builds trap: no 3-second backtrace
        let options = ["--template", Self.template, "--rate-limit", "5/1s", "--ledger", "shared.sqlite"]

        // 60 rows at 5 requests/s: the first run holds the lock for about 12 s.
        let first = try Importer.start(["run", "busy.csv"] + options, in: dir, environment: environment)
        let deadline = Date().addingTimeInterval(30)
        while first.isRunning, Date() < deadline, try emulator.stats().inquiriesCreated == 0 { usleep(20_000) }
        try #require(first.isRunning, "the first run ended early: \(first.wait())")
        let second = try Importer.run(["run", "late.csv"] + options, in: dir, environment: environment)
        let unwritable = try Importer.run(
            ["run", "late.csv", "--template", Self.template, "--ledger", "no-such-folder/late.sqlite"], in: dir, environment: environment)
        first.send(SIGTERM)
        let stopped = first.wait()
        #expect(stopped.status == 143, "\(stopped.stdout) \(stopped.stderr)")

        #expect(second.status == 2, "\(second.stdout) \(second.stderr.prefix(400))")
        #expect(second.stderr.contains("another persona-import run is using this ledger"), "\(second.stderr.prefix(400))")
        #expect(unwritable.status == 2, "\(unwritable.stdout) \(unwritable.stderr.prefix(400))")
        #expect(unwritable.stderr.contains("no-such-folder"), "\(unwritable.stderr.prefix(400))")
        #expect(RunCounts(second.stdout) == nil, "the second run sent nothing: \(second.stdout)")
        let created = RunCounts(stopped.stdout)?.created ?? -1
        #expect(try emulator.stats().inquiriesCreated == created, "only the first run created inquiries")
    }

    // MARK: - 5. The key never leaves the process

    @Test func theKeyIsInNoOutputAndNoFileOfAFullRunWithFailures() throws {
        let key = "persona_sandbox_CanaryKey7q3Z9xWv"
        let secret = "CanaryKey7q3Z9xWv"
        // 40 requests per 2 s, 429s with Retry-After, 5xx and dropped connections on creates.
        let emulator = try EmulatorProcess([
            "--api-key", key, "--rate-limit", "40/2s", "--retry-after", "--fault-5xx", "0.2", "--drop-before", "0.1", "--seed", "11",
        ])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MixedInput.write(rows: 40, to: dir)
        let environment = Self.environment(key: key, base: emulator.apiBase)
        var leaks: [String] = []
        func check(_ name: String, _ result: ProcessResult) {
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] where text.contains(secret) {
                leaks.append("\(name) \(stream)")
            }
        }
        func checkFiles(_ moment: String) {
            for file in Self.files(under: dir) {
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }  // gone meanwhile
                if data.range(of: Data(secret.utf8)) != nil { leaks.append("\(file.lastPathComponent) (\(moment))") }
            }
        }

        // Other traffic on the same key spends the first windows: the run meets 429s.
        let spender = BudgetSpender(port: emulator.port, key: key)
        spender.start()
        let running = try Importer.start(
            input.arguments(rateLimit: "40/2s") + [
                "--concurrency", "8", "--report", "run.json", "--report", "run.html", "--metrics-file", "run.prom",
                "--log-level", "debug", "--log-format", "json",
            ],
            in: dir, environment: environment)
        // Spend until the run is sending (more requests than the spender's own, one of which
        // may be in flight; the run can take a while to start on a busy machine), then for one
        // more second, so that the two overlap.
        var spendUntil = Date().addingTimeInterval(30)
        while running.isRunning {
            if spendUntil.timeIntervalSinceNow > 1, let requests = try? emulator.stats().requests, requests > spender.requestsSent + 1 {
                spendUntil = Date().addingTimeInterval(1)
            }
            if Date() > spendUntil { spender.stop() }
            checkFiles("during the run")  // the ledger's -wal and the reports' temporary files too
            usleep(50_000)
        }
        spender.stop()
        let first = running.wait()
        check("run", first)
        #expect(first.status == 1, "rows were rejected and failed: \(first.stdout) \(first.stderr)")
        let answers = try #require(Self.retriesAndRateLimited(first.stdout), "\(first.stdout)")
        #expect(answers.rateLimited >= 1, "the run met a 429: \(first.stdout)")
        #expect(answers.retries >= 1, "the run retried: \(first.stdout)")
        let stats = try emulator.stats()
        #expect(stats.faults.values.reduce(0, +) > 0, "faults were injected: \(stats.faults)")
        #expect(stats.responses(422) >= input.failedLines.count, "rows failed: \(stats.responses)")
        #expect(stats.inquiriesCreated == input.expectedCounts.created, "the key was in use: \(stats.inquiriesCreated)")

        // The next morning: retry the failures with text logs at trace, then look around.
        let commands: [(String, [String])] = [
            ("run --retry-failed", input.arguments(rateLimit: "40/2s") + ["--retry-failed", "--log-level", "trace", "--report", "retry.json"]),
            ("validate", ["validate", "people.csv", "--template", Self.template, "--schema", "loose.schema.json", "--rejects", "v.csv"]),
            ("status", ["status"]),
            ("status --json", ["status", "--json"]),
            ("export", ["export"]),
            ("export --format jsonl", ["export", "--format", "jsonl"]),
            ("export --output", ["export", "--output", "export.csv"]),
            ("reconcile", ["reconcile", "--rate-limit", "40/2s"]),
            ("follow", ["follow", "--rate-limit", "40/2s", "--metrics-file", "follow.prom"]),
            ("links", ["links", "--rate-limit", "40/2s"]),
            ("export --include-links", ["export", "--include-links", "--output", "links.csv"]),
        ]
        for (name, arguments) in commands {
            let result = try Importer.run(arguments, in: dir, environment: environment)
            check(name, result)
            #expect([0, 1].contains(result.status), "\(name): \(result.stdout) \(result.stderr)")
        }
        checkFiles("after every command")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        for name in ["people.csv.ledger.sqlite", "people.csv.ledger.sqlite.lock", "people.csv.rejects.csv", "run.json", "run.html", "run.prom", "export.csv"] {
            #expect(names.contains(name), "\(name) was written and checked: \(names.sorted())")
        }
        #expect(leaks.isEmpty, "the API key is in: \(leaks)")
    }

    // MARK: - 6. File modes

    @Test func filesHoldingCustomerDataAreCreated0600WhateverTheUmask() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MixedInput.write(rows: 14, to: dir)
        let environment = Self.environment(base: emulator.apiBase)
        // A report left readable by an earlier hand is replaced by a private one.
        try Data("old".utf8).write(to: dir.appendingPathComponent("r.json"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir.appendingPathComponent("r.json").path)
        try Data("old".utf8).write(to: dir.appendingPathComponent("existing.csv"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir.appendingPathComponent("existing.csv").path)

        let run = try Self.withUmask000(
            input.arguments(rateLimit: "1000000/1s") + ["--report", "r.json", "--report", "r.html", "--metrics-file", "m.prom"],
            in: dir, environment: environment)
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        for name in ["export.csv", "existing.csv"] {
            let export = try Self.withUmask000(["export", "--output", name], in: dir, environment: environment)
            #expect(export.status == 0, "\(export.stdout) \(export.stderr)")
        }
        let validate = try Self.withUmask000(
            ["validate", "people.csv", "--template", Self.template, "--schema", "loose.schema.json", "--rejects", "validate-rejects.csv"],
            in: dir, environment: environment)
        #expect(validate.status == 1, "\(validate.stdout) \(validate.stderr)")

        var expected: [String: Int] = [
            "people.csv.ledger.sqlite": 0o600, "people.csv.ledger.sqlite.lock": 0o600, "people.csv.rejects.csv": 0o600,
            "validate-rejects.csv": 0o600, "r.json": 0o600, "r.html": 0o600, "export.csv": 0o600, "existing.csv": 0o600,
            "m.prom": 0o644,
        ]
        for journal in ["people.csv.ledger.sqlite-wal", "people.csv.ledger.sqlite-shm"]
        where FileManager.default.fileExists(atPath: dir.appendingPathComponent(journal).path) {
            expected[journal] = 0o600
        }
        for (name, mode) in expected.sorted(by: { $0.key < $1.key }) {
            let actual = try Self.mode(dir, name)
            #expect(actual == mode, "\(name): \(actual.map { String($0, radix: 8) } ?? "missing"), expected \(String(mode, radix: 8))")
        }
    }

    // MARK: - 7. JSON logs

    @Test func jsonLogsAreOneObjectPerLineWithTheRowsLineAndReferenceButNoFieldValue() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MixedInput.write(rows: 14, to: dir)
        let environment = Self.environment(base: emulator.apiBase)

        let result = try Importer.run(
            input.arguments(rateLimit: "1000000/1s") + ["--log-format", "json", "--log-level", "info"], in: dir, environment: environment)
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        var objects: [[String: Any]] = []
        for line in result.stderr.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                Issue.record("not a JSON object: \(line)")
                continue
            }
            for key in ["time", "level", "label", "message"] {
                #expect(object[key] is String, "\(key) in \(line)")
            }
            #expect((object["time"] as? String).flatMap(ISO8601DateFormatter().date(from:)) != nil, "time: \(line)")
            #expect(["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(object["level"] as? String ?? ""), "\(line)")
            objects.append(object)
        }
        #expect(objects.contains { $0["level"] as? String == "info" }, "info lines at --log-level info: \(result.stderr)")
        #expect(!objects.contains { ["trace", "debug"].contains($0["level"] as? String ?? "") }, "nothing under the level")
        // A row's failure carries its line, reference-id and Request-Id.
        let failures = objects.filter { $0["request-id"] != nil && $0["line"] != nil }
        #expect(Set(failures.compactMap { ($0["line"] as? String).flatMap(Int.init) }) == Set(input.failedLines), "\(result.stderr)")
        for failure in failures {
            #expect((failure["reference-id"] as? String)?.hasPrefix("bad-") == true, "\(failure)")
        }
        for value in MixedInput.fieldValues {
            #expect(!result.stderr.contains(value) && !result.stdout.contains(value), "a field value is in the output: \(value)")
        }

        let usage = try Importer.run(input.arguments(rateLimit: "1000000/1s") + ["--log-format", "xml"], in: dir, environment: environment)
        #expect(usage.status == 64, "\(usage.stdout) \(usage.stderr)")
        #expect(usage.stderr.contains("--log-format"), "\(usage.stderr)")
    }

    // MARK: - Documented names (docs/reports.md documents each; ReadmeCommandTests checks it)

    static let reportKeys: Set<String> = [
        "report-version", "tool", "input", "ledger", "rejects-file", "started-at", "finished-at", "seconds", "outcome",
        "stop-reason", "exit-code", "job-complete", "counts", "average-rate", "peak-rate", "seconds-waiting-for-rate-limit",
        "next-step", "rejected-by-reason", "failed-by-reason", "first-failures", "timeline", "inquiry-statuses",
    ]
    /// Left out when they have no value (a dry run has no ledger, a completed run no stop reason).
    static let optionalReportKeys: Set<String> = ["ledger", "rejects-file", "stop-reason", "next-step"]
    static let countKeys: Set<String> = [
        "read", "valid", "created", "skipped", "rejected", "failed", "unresolved", "not-sent", "already-imported",
        "duplicate-found", "indeterminate", "retries", "rate-limited", "reconciliations",
    ]
    static let metricNames: Set<String> = [
        "persona_import_last_run_rows", "persona_import_last_run_duration_seconds",
        "persona_import_last_run_rate_limited_responses", "persona_import_last_run_retries", "persona_import_last_run_exit_code",
        "persona_import_last_run_timestamp_seconds", "persona_import_last_success_timestamp_seconds",
        "persona_import_last_run_stop_reason",
    ]

    // MARK: - Helpers

    /// The test process's environment without Persona settings, plus the key and the API base.
    static func environment(key: String = EmulatorProcess.defaultKey, base: String) -> [String: String] {
        var environment = RunCommandTests.environment(key: key)
        environment["PERSONA_API_BASE"] = base
        environment["PERSONA_IMPORT_ALLOW_PRODUCTION"] = nil
        return environment
    }

    /// Runs `persona-import` under a pseudo-terminal (util-linux `script`): stdout and stderr
    /// both arrive, as a terminal shows them, in the result's `stdout`.
    static func onATerminal(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> ProcessResult {
        let script = try #require(Importer.which("script"), "script(1) is not installed")
        let executable = Importer.productsDirectory.appendingPathComponent("persona-import").path
        let command = ([executable] + arguments).map(shellQuoted).joined(separator: " ")
        return try Importer.runProgram(script, ["-qfec", command, "/dev/null"], in: directory, environment: environment)
    }

    /// Runs `persona-import` with umask 000, so that only the modes it sets itself protect files.
    static func withUmask000(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> ProcessResult {
        let executable = Importer.productsDirectory.appendingPathComponent("persona-import").path
        return try Importer.runProgram(
            "/bin/sh", ["-c", "umask 000 && exec \"$@\"", "sh", executable] + arguments, in: directory, environment: environment)
    }

    static func mode(_ directory: URL, _ name: String) throws -> Int? {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    static func jsonObject(_ url: URL) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try #require(object as? [String: Any], "\(url.lastPathComponent) is not a JSON object")
    }

    /// `N retries, N rate-limited answers` from run's summary.
    static func retriesAndRateLimited(_ stdout: String) -> (retries: Int, rateLimited: Int)? {
        guard let match = stdout.firstMatch(of: /(\d+) retries, (\d+) rate-limited answers/),
              let retries = Int(match.1), let limited = Int(match.2) else { return nil }
        return (retries, limited)
    }

    struct ReasonGroup: CustomStringConvertible {
        var reason: String
        var count: Int
        var lines: [Int]
        var description: String { "\(count) × \(reason) (lines \(lines))" }
    }

    /// `[{reason, count, lines}]` of the report.
    static func reasonGroups(_ value: Any?) throws -> [ReasonGroup] {
        let groups = try #require(value as? [[String: Any]], "not an array of objects: \(String(describing: value))")
        return try groups.map { group in
            #expect(Set(group.keys) == ["reason", "count", "lines"], "\(group)")
            return ReasonGroup(
                reason: try #require(group["reason"] as? String), count: try #require(group["count"] as? Int),
                lines: try #require(group["lines"] as? [Int]))
        }
    }

    /// Every regular file under `directory`.
    static func files(under directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }
}

/// A header-mode CSV (`people.csv`) with valid rows, two rows the schema rejects (no last name)
/// and two rows the API refuses (a birthdate that is no calendar date: the loose schema beside
/// it lets them through, the emulator answers 422), plus that schema (`loose.schema.json`).
struct MixedInput {
    var rows: Int
    var rejectedLines: [Int]
    var failedLines: [Int]

    /// Field values of the bad rows: no output, log or report may show them.
    static let fieldValues = ["Zebulonia", "Quixotica", "1906-02-30", "1939-13-07"]

    static let looseSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "reference-id": { "type": "string", "minLength": 1 },
            "fields": {
              "type": "object",
              "properties": {
                "name-first": { "type": "string", "minLength": 1 },
                "name-last": { "type": "string", "minLength": 1 },
                "birthdate": { "type": "string" }
              },
              "required": ["name-first", "name-last"],
              "additionalProperties": false
            }
          },
          "required": ["fields"],
          "additionalProperties": false
        }
        """

    /// `rows` rows (at least 10): lines 3 and 8 are rejected, lines 5 and 10 fail.
    static func write(rows: Int, to directory: URL) throws -> MixedInput {
        precondition(rows >= 10)
        var text = RunCommandTests.header
        for index in 1...rows {
            let line = index + 1
            let number = String(format: "%05d", index)
            switch line {
            case 3, 8: text += "bad-\(number),Zebulonia,,1980-01-01\n"
            case 5: text += "bad-\(number),Zebulonia,Quixotica,1906-02-30\n"
            case 10: text += "bad-\(number),Zebulonia,Quixotica,1939-13-07\n"
            default: text += "ok-\(number),Given\(index),Family\(index),1980-01-\(String(format: "%02d", index % 28 + 1))\n"
            }
        }
        try text.write(to: directory.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        try looseSchema.write(to: directory.appendingPathComponent("loose.schema.json"), atomically: true, encoding: .utf8)
        return MixedInput(rows: rows, rejectedLines: [3, 8], failedLines: [5, 10])
    }

    var expectedCounts: RunCounts {
        RunCounts(read: rows, created: rows - 4, skipped: 0, rejected: 2, failed: 2)
    }

    /// `run people.csv` with the loose schema; the API base comes from the environment.
    func arguments(rateLimit: String) -> [String] {
        ["run", "people.csv", "--template", OperatorExperienceTests.template, "--schema", "loose.schema.json", "--rate-limit", rateLimit]
    }
}

/// Prometheus text exposition format, parsed strictly enough to catch a malformed line.
struct Prometheus {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var samples: [Sample] = []
    var types: [String: String] = [:]
    /// Lines that are neither a comment, nor blank, nor `name{labels} value [timestamp]`.
    var malformed: [String] = []
    /// Sample names without a `# TYPE` line before them.
    var untyped: [String] = []

    init(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                if parts.count >= 4, parts[1] == "TYPE" {
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[3])) else {
                        malformed.append(String(line))
                        continue
                    }
                    types[String(parts[2])] = String(parts[3])
                }
                continue
            }
            guard let match = line.wholeMatch(of: /([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)(?: -?\d+)?/),
                  let value = Double(String(match.3)) ?? Self.special(String(match.3)) else {
                malformed.append(String(line))
                continue
            }
            var labels: [String: String] = [:]
            if let list = match.2, !list.isEmpty {
                for pair in list.split(separator: ",") {
                    guard let label = pair.wholeMatch(of: /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*/) else {
                        malformed.append(String(line))
                        continue
                    }
                    labels[String(label.1)] = String(label.2)
                }
            }
            let name = String(match.1)
            if types[name] == nil { untyped.append(name) }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
    }

    private static func special(_ text: String) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: nil
        }
    }

    /// The value of the one sample named `name` with exactly `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { $0.name == name && $0.labels == labels }
        return matching.count == 1 ? matching[0].value : nil
    }
}

/// Spends the emulator's rate limit with `GET /api/v1/rate-limits` on the same key, as other
/// traffic on the same Persona environment would, until stopped.
final class BudgetSpender: @unchecked Sendable {
    // @unchecked: `stopped` and `sent` are guarded by `lock`; `port` and `key` are constants.
    private let lock = NSLock()
    private var stopped = false
    private var sent = 0
    private let finished = DispatchGroup()
    let port: Int
    let key: String

    init(port: Int, key: String) {
        self.port = port
        self.key = key
    }

    func start() {
        finished.enter()
        Thread { [self] in
            defer { finished.leave() }
            while !lock.withLock({ stopped }) {
                let status = (try? LoopbackHTTP.get(port: port, path: "/api/v1/rate-limits", headers: ["Authorization": "Bearer \(key)"]))?.status
                lock.withLock { sent += 1 }
                if status == 429 { usleep(5_000) }
            }
        }.start()
    }

    /// The requests answered so far (one more may be in flight).
    var requestsSent: Int { lock.withLock { sent } }

    /// Stops spending and waits for the request in flight. Safe to call more than once.
    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        if first { finished.wait() }
    }
}

/// Headless Chromium (Debian's `chromium`), when installed.
enum Chromium {
    static let path: String? = Importer.which("chromium") ?? Importer.which("chromium-browser")
}

/// `text` quoted for a POSIX shell.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
