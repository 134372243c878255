import Foundation
import Testing

/// The README's commands work as written, and it documents what the tool writes.
///
/// A shell block in README.md preceded by the line `<!-- runnable -->` runs on its own; blocks
/// preceded by `<!-- runnable: NAME -->` are joined in order and run as one script (a
/// walkthrough whose steps are separated by prose). Each script runs with
/// `bash -e -o pipefail` in a fresh folder holding a copy of `samples/` and `schemas/`, with the
/// built `persona-import` and `persona-emulator` first on `PATH`, and must exit 0. Background
/// jobs a script leaves (an emulator) are stopped when it ends.
@Suite(.serialized) struct ReadmeCommandTests {
    static var readme: URL { Importer.repositoryRoot.appendingPathComponent("README.md") }

    @Test func everyRunnableShellBlockOfTheReadmeExitsZero() throws {
        let scripts = try Self.runnableScripts(in: String(contentsOf: Self.readme, encoding: .utf8))
        #expect(scripts.count >= 3, "the README marks its self-contained blocks with <!-- runnable -->: found \(scripts.map(\.name))")
        for script in scripts {
            let dir = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            for folder in ["samples", "schemas"] {
                try FileManager.default.copyItem(
                    at: Importer.repositoryRoot.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
            }
            var environment = RunCommandTests.environment(key: nil)
            environment["PATH"] = Importer.productsDirectory.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            for name in ["PERSONA_IMPORT_ALLOW_PRODUCTION", "PERSONA_EMULATOR_API_KEYS"] { environment[name] = nil }
            let body = "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script.code
            let bash = try #require(Importer.which("bash"), "bash is not installed")
            let result = try Importer.runProgram(bash, ["-e", "-o", "pipefail", "-c", body], in: dir, environment: environment, timeout: 180)
            #expect(
                result.status == 0,
                "README block \(script.name) (line \(script.line)) exited \(result.status)\n--- script\n\(script.code)\n--- stdout\n\(result.stdout)\n--- stderr\n\(result.stderr)")
        }
    }

    @Test func theReadmeReferencesEverySampleAndDocumentsTheReportKeysMetricsAndExitCodes() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let samples = try FileManager.default.contentsOfDirectory(atPath: Importer.repositoryRoot.appendingPathComponent("samples").path)
        for name in samples.sorted() {
            #expect(text.contains("samples/\(name)"), "the README does not mention samples/\(name)")
        }
        for key in OperatorExperienceTests.reportKeys.union(OperatorExperienceTests.countKeys).sorted() {
            #expect(text.contains("`\(key)`"), "the JSON report key `\(key)` is not documented")
        }
        for name in OperatorExperienceTests.metricNames.sorted() {
            #expect(text.contains("`\(name)`"), "the metric `\(name)` is not documented")
        }
        for code in [0, 1, 2, 3, 64, 75, 130, 143] {
            #expect(text.contains("| \(code) |") || text.contains(", \(code) |") || text.contains("| \(code),"), "exit code \(code) is not in the table")
        }
        for command in ["run", "validate", "status", "export", "reconcile"] {
            #expect(text.contains("### `persona-import \(command)`"), "no reference section for \(command)")
        }
    }

    /// samples/bad-rows.rejects.csv is what `validate` writes for samples/bad-rows.csv today.
    @Test func theBadRowsSampleProducesItsRejectsFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples = Importer.repositoryRoot.appendingPathComponent("samples")
        let rejects = dir.appendingPathComponent("bad-rows.rejects.csv")
        let result = try Importer.run(
            ["validate", samples.appendingPathComponent("bad-rows.csv").path, "--mapping",
             samples.appendingPathComponent("customers.mapping.yaml").path, "--rejects", rejects.path],
            in: dir, environment: RunCommandTests.environment(key: nil))
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("10 rows read, 0 valid, 10 rejected"), "every row of bad-rows.csv has one mistake: \(result.stdout)")
        let written = try String(contentsOf: rejects, encoding: .utf8)
        let sample = try String(contentsOf: samples.appendingPathComponent("bad-rows.rejects.csv"), encoding: .utf8)
        #expect(written == sample, "regenerate samples/bad-rows.rejects.csv (see the README):\n\(written)")
    }

    @Test func runnableBlocksAreFoundAndJoinedByName() {
        let markdown = """
            <!-- runnable: tour -->
            ```sh
            echo one
            ```
            prose
            <!-- runnable -->
            ```sh
            echo alone
            ```
            ```sh
            echo not marked
            ```
            <!-- runnable: tour -->
            ```bash
            echo two
            ```
            """
        let scripts = Self.runnableScripts(in: markdown)
        #expect(scripts.map(\.name) == ["tour", "block at line 7"])
        #expect(scripts.first?.code == "echo one\necho two\n")
        #expect(scripts.last?.code == "echo alone\n")
    }

    // MARK: - Extraction

    struct Script {
        var name: String
        var line: Int
        var code: String
    }

    /// The runnable scripts of `markdown`, in the order of their first block.
    static func runnableScripts(in markdown: String) -> [Script] {
        var scripts: [Script] = []
        var pending: String?
        var current: (name: String, line: Int, code: String)?
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = current {
                if trimmed == "```" {
                    if let existing = scripts.firstIndex(where: { $0.name == block.name }) {
                        scripts[existing].code += block.code
                    } else {
                        scripts.append(Script(name: block.name, line: block.line, code: block.code))
                    }
                    current = nil
                } else {
                    block.code += line + "\n"
                    current = block
                }
                continue
            }
            if trimmed == "<!-- runnable -->" {
                pending = "block at line \(index + 2)"
                continue
            }
            if let match = trimmed.wholeMatch(of: /<!-- runnable: ([A-Za-z0-9_-]+) -->/) {
                pending = String(match.1)
                continue
            }
            if let name = pending, trimmed == "```sh" || trimmed == "```bash" {
                current = (name, index + 1, "")
            }
            pending = nil
        }
        return scripts
    }
}
