import Foundation
import Testing

/// One-time links end to end: `run --one-time-links` keeps each person's link in the ledger,
/// `export` shows links only with `--include-links`, `links` issues fresh ones, and no other
/// output or file of the run holds a link.
@Suite struct OneTimeLinkTests {
    @Test func linksAreCapturedExportedOnlyWhenAskedAndIssuedAgain() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 12
        try RunCommandTests.writePeople(rows: rows, prefix: "ln", to: dir.appendingPathComponent("people.csv"))
        let environment = RunCommandTests.environment()
        let run = try Importer.run(
            ["run", "people.csv", "--template", RunCommandTests.template, "--one-time-links",
             "--report", "report.json", "--report", "report.html", "--metrics-file", "run.prom"] + RunCommandTests.sending(to: emulator),
            in: dir, environment: environment)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")

        let plain = try Importer.run(["export"], in: dir, environment: environment)
        #expect(!plain.stdout.contains("one-time-link") && !plain.stdout.contains("verify"), "\(plain.stdout)")
        let first = try Self.exportedLinks(dir: dir, environment: environment, file: "links.csv")
        #expect(first.count == rows && first.allSatisfy { $0.hasPrefix("http://127.0.0.1:\(emulator.port)/verify?code=") }, "\(first)")
        #expect(try RunCommandTests.permissions(of: dir.appendingPathComponent("links.csv")) == 0o600)
        let opened = try LoopbackHTTP.get(port: emulator.port, path: String(first[0].dropFirst("http://127.0.0.1:\(emulator.port)".count)))
        #expect(opened.status == 200, "the link opens the person's verification")

        let api = ["--api-base", emulator.apiBase]
        // Links nobody used yet, for the alert: 12 expire within a day (Persona's 24 hours).
        let follow = try Importer.run(["follow", "--metrics-file", "follow.prom"] + api, in: dir, environment: environment)
        #expect(follow.stdout.contains("one-time links not used yet: \(rows) expire within a day, 0 expired"), "\(follow.stdout)")
        let prom = try String(contentsOf: dir.appendingPathComponent("follow.prom"), encoding: .utf8)
        #expect(prom.contains(#"persona_import_links_unused{state="expiring"} \#(rows)"#), "\(prom)")
        let none = try Importer.run(["links"] + api, in: dir, environment: environment)
        #expect(none.status == 0 && none.stdout.contains("0 one-time links issued of 0 asked"), "\(none.stdout) \(none.stderr)")
        let again = try Importer.run(["links", "--all", "--expires-in", "7d"] + api, in: dir, environment: environment)
        #expect(again.status == 0 && again.stdout.contains("\(rows) one-time links issued of \(rows) asked"), "\(again.stdout) \(again.stderr)")
        let second = try Self.exportedLinks(dir: dir, environment: environment, file: "links2.csv")
        #expect(second.count == rows && Set(second).isDisjoint(with: first), "fresh links replace the old ones")

        // No link anywhere else: the outputs, the reports, the metrics.
        var texts = [run.stdout, run.stderr, plain.stdout, none.stdout, none.stderr, again.stdout, again.stderr]
        texts += [follow.stdout, follow.stderr]
        for file in ["report.json", "report.html", "run.prom", "follow.prom"] {
            texts.append(try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8))
        }
        for text in texts {
            #expect(!text.contains("verify?code=") && !text.contains("/v/"), "a link leaked: \(text.prefix(400))")
        }
    }

    @Test func aRunWithoutLinksGetsThemFromTheLinksCommand() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 5, prefix: "nl", to: dir.appendingPathComponent("people.csv"))
        let environment = RunCommandTests.environment()
        let run = try Importer.run(
            ["run", "people.csv", "--template", RunCommandTests.template] + RunCommandTests.sending(to: emulator),
            in: dir, environment: environment)
        #expect(run.status == 0)
        #expect(try Self.exportedLinks(dir: dir, environment: environment, file: "before.csv").isEmpty)
        let links = try Importer.run(["links", "--api-base", emulator.apiBase], in: dir, environment: environment)
        #expect(links.stdout.contains("5 one-time links issued of 5 asked"), "\(links.stdout) \(links.stderr)")
        #expect(try Self.exportedLinks(dir: dir, environment: environment, file: "after.csv").count == 5)
    }

    /// The `one-time-link` column of `export --include-links --output FILE`, non-empty values.
    static func exportedLinks(dir: URL, environment: [String: String], file: String) throws -> [String] {
        let export = try Importer.run(["export", "--include-links", "--output", file], in: dir, environment: environment)
        #expect(export.status == 0, "\(export.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
        let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) ?? []
        guard let column = header.firstIndex(of: "one-time-link") else { return [] }
        return lines.dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return column < fields.count && !fields[column].isEmpty ? String(fields[column]) : nil
        }
    }
}
