import Foundation
import Testing

/// The documentation's commands work as written, it documents what the tool writes, and its links hold.
///
/// The documentation is README.md and the pages under `docs/`. A shell block in one of them
/// preceded by the line `<!-- runnable -->` runs on its own; blocks of one page preceded by
/// `<!-- runnable: NAME -->` are joined in order and run as one script (a walkthrough whose steps
/// are separated by prose). Each script runs with `bash -e -o pipefail` in a fresh folder holding
/// a copy of `samples/` and `schemas/`, with the built `persona-import` and `persona-emulator`
/// first on `PATH`, and must exit 0. Background jobs a script leaves (an emulator) are stopped
/// when it ends.
@Suite(.serialized) struct ReadmeCommandTests {
    static var readme: URL { Importer.repositoryRoot.appendingPathComponent("README.md") }
    static var docs: URL { Importer.repositoryRoot.appendingPathComponent("docs") }

    /// A page of the documentation: its path from the repository's root (for messages) and its file.
    struct Page {
        var name: String
        var url: URL
    }

    /// README.md, then every `docs/*.md` page by name.
    static func pages() throws -> [Page] {
        let files = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return [Page(name: "README.md", url: readme)] + files.map { Page(name: "docs/\($0)", url: docs.appendingPathComponent($0)) }
    }

    @Test func everyRunnableShellBlockOfTheReadmeExitsZero() throws {
        var scripts: [(page: String, script: Script)] = []
        for page in try Self.pages() {
            let text = try String(contentsOf: page.url, encoding: .utf8)
            for script in Self.runnableScripts(in: text) {
                scripts.append((page: page.name, script: script))
            }
        }
        let found = scripts.map { "\($0.page): \($0.script.name)" }
        #expect(scripts.count >= 3, "the README and docs/ mark their self-contained blocks with <!-- runnable -->: found \(found)")
        for (page, script) in scripts {
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
                "\(page) block \(script.name) (line \(script.line)) exited \(result.status)\n--- script\n\(script.code)\n--- stdout\n\(result.stdout)\n--- stderr\n\(result.stderr)")
        }
    }

    @Test func theReadmeReferencesEverySampleAndDocumentsTheReportKeysMetricsAndExitCodes() throws {
        let text = try Self.pages().map { try String(contentsOf: $0.url, encoding: .utf8) }.joined(separator: "\n")
        let samples = try FileManager.default.contentsOfDirectory(atPath: Importer.repositoryRoot.appendingPathComponent("samples").path)
        for name in samples.sorted() {
            #expect(text.contains("samples/\(name)"), "neither the README nor a page of docs/ mentions samples/\(name)")
        }
        for key in OperatorExperienceTests.reportKeys.union(OperatorExperienceTests.countKeys).sorted() {
            #expect(text.contains("`\(key)`"), "the JSON report key `\(key)` is not documented")
        }
        for name in OperatorExperienceTests.metricNames.sorted() {
            #expect(text.contains("`\(name)`"), "the metric `\(name)` is not documented")
        }
        let cli = try String(contentsOf: Self.docs.appendingPathComponent("cli.md"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let table = cli.drop(while: { $0 != "## Exit codes" }).dropFirst().prefix(while: { !$0.hasPrefix("## ") })
        #expect(!table.isEmpty, "docs/cli.md has no section \"## Exit codes\"")
        for code in [0, 1, 2, 3, 64, 75, 130, 143] {
            let row = table.contains(where: { $0.hasPrefix("| \(code) |") })
            #expect(row, "exit code \(code) has no row \"| \(code) |\" in the table under \"## Exit codes\" in docs/cli.md")
        }
        for command in ["run", "validate", "status", "export", "reconcile"] {
            #expect(cli.contains("### `persona-import \(command)`"), "docs/cli.md has no reference section \"### `persona-import \(command)`\"")
        }
    }

    /// Every page of docs/ is linked from the README, and every relative link of the README and the
    /// pages names a file that exists (web links and links within a page are not checked).
    @Test func everyDocsPageIsLinkedFromTheReadmeAndEveryRelativeLinkResolves() throws {
        let pages = try Self.pages()
        #expect(pages.count > 1, "docs/ holds no page")
        var linkedFromTheReadme: Set<String> = []
        for page in pages {
            let text = try String(contentsOf: page.url, encoding: .utf8)
            let folder = page.url.deletingLastPathComponent()
            for link in Self.relativeLinks(in: text) {
                let path = link.firstIndex(of: "#").map { String(link[..<$0]) } ?? link
                let target = folder.appendingPathComponent(path).standardizedFileURL
                #expect(
                    FileManager.default.fileExists(atPath: target.path),
                    "\(page.name) links \(link), but \(target.path) does not exist")
                if page.name == "README.md" { linkedFromTheReadme.insert(target.path) }
            }
        }
        for page in pages.dropFirst() {
            #expect(
                linkedFromTheReadme.contains(page.url.standardizedFileURL.path),
                "README.md does not link \(page.name) (list it under \"Where to read on\")")
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
        #expect(written == sample, "regenerate samples/bad-rows.rejects.csv (see docs/mapping.md):\n\(written)")
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

    @Test func relativeLinksAreFoundOutsideCodeWithoutWebLinksOrAnchors() {
        let markdown = """
            See [the CLI](docs/cli.md#exit-codes), [a sample](../samples/customers.csv) and
            [Persona](https://withpersona.com), [above](#quick-start), [mail](mailto:ops@example.com).
            ```sh
            echo "[not a link](nowhere.md)"
            ```
            | [`schemas/x.json`](../schemas/x.json) | a table cell |
            """
        #expect(Self.relativeLinks(in: markdown) == ["docs/cli.md#exit-codes", "../samples/customers.csv", "../schemas/x.json"])
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

    /// The targets of the inline links `[text](target)` of `markdown` outside fenced code blocks,
    /// without web links (`http:`, `https:`, `mailto:`) and links within the page (`#anchor`).
    static func relativeLinks(in markdown: String) -> [String] {
        var links: [String] = []
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            for match in line.matches(of: #/\]\(([^)\s]+)\)/#) {
                let target = String(match.1)
                if ["http://", "https://", "mailto:", "#"].contains(where: { target.hasPrefix($0) }) { continue }
                links.append(target)
            }
        }
        return links
    }
}
