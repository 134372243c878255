import CommandLineValues
import Foundation
import Testing
import Yams

/// The examples under examples/ are copied as they are: their commands parse, and the limits
/// they set fit each other (the run's --time-limit ends it before its supervisor kills it).
@Suite struct ExamplesTests {
    static let examples = Importer.repositoryRoot.appendingPathComponent("examples")

    /// Runs the real binary with `arguments` and `--dry-run`: whatever the missing files do, the
    /// options must parse (exit 64 is a usage error).
    private func expectOptionsParse(_ arguments: [String], _ origin: String) throws {
        let result = try Importer.run(arguments + ["--dry-run"], environment: RunCommandTests.environment(key: nil))
        #expect(result.status != 64, "\(origin): \(arguments.joined(separator: " ")) is refused as usage:\n\(result.stderr)")
    }

    @Test func theKubernetesCronJobRunsOneAtATimeAndStopsBeforeItsDeadline() throws {
        let text = try String(contentsOf: Self.examples.appendingPathComponent("kubernetes/cronjob.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(document["kind"] as? String == "CronJob")
        let spec = try #require(document["spec"] as? [String: Any])
        #expect(spec["concurrencyPolicy"] as? String == "Forbid")
        let job = try #require((spec["jobTemplate"] as? [String: Any])?["spec"] as? [String: Any])
        let deadline = try #require(job["activeDeadlineSeconds"] as? Int)
        let pod = try #require((job["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let arguments = try #require(container["args"] as? [String])
        let limit = try #require(arguments.firstIndex(of: "--time-limit").map { arguments[$0 + 1] })
        #expect(try OptionParsing.duration(limit, option: "--time-limit") < Double(deadline) - 600, "room to finish in-flight requests")
        let environment = (container["env"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(environment).isSuperset(of: ["PERSONA_API_KEY", "PERSONA_IMPORT_LEDGER", "PERSONA_IMPORT_PING_URL"]))
        #expect(!text.contains("persona_sandbox_") && !text.contains("persona_production_"), "no key in the example")
        try expectOptionsParse(arguments, "cronjob.yaml")
    }

    @Test func theSystemdUnitsRunNightlyCatchUpAndStopBeforeTheirLimit() throws {
        let service = try String(contentsOf: Self.examples.appendingPathComponent("systemd/persona-import.service"), encoding: .utf8)
        let timer = try String(contentsOf: Self.examples.appendingPathComponent("systemd/persona-import.timer"), encoding: .utf8)
        #expect(timer.contains("\nPersistent=true\n") && timer.contains("\nOnCalendar="))
        #expect(service.contains("\nLoadCredential=persona-api-key:"))
        // ExecStart's continuation lines joined; systemd's ${CREDENTIALS_DIRECTORY} stands for a folder.
        let joined = service.replacingOccurrences(of: "\\\n", with: " ")
        let line = try #require(joined.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        var words = line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
        #expect(words.first == "/usr/local/bin/persona-import")
        words.removeFirst()
        words = words.map { $0.replacingOccurrences(of: "${CREDENTIALS_DIRECTORY}", with: "/run/credentials/persona-import.service") }
        let limit = try #require(words.firstIndex(of: "--time-limit").map { words[$0 + 1] })
        let runtime = try #require(service.firstMatch(of: /\nRuntimeMaxSec=(\w+)\n/)?.1)
        #expect(try OptionParsing.duration(limit, option: "x") < OptionParsing.duration(String(runtime), option: "x"))
        try expectOptionsParse(words, "persona-import.service")
    }

    @Test func theCronEntryIsOneLineOfFiveFieldsAUserAndACommand() throws {
        let text = try String(contentsOf: Self.examples.appendingPathComponent("cron/persona-import"), encoding: .utf8)
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(entries.count == 1)
        let fields = try #require(entries.first).split(separator: " ")
        #expect(fields.count >= 7 && fields[5] == "importer" && fields[6].hasSuffix("nightly.sh"))
    }
}
