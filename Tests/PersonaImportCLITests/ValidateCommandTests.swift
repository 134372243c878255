import Foundation
import Testing

/// End-to-end tests of `persona-import validate`, through the real binary.
@Suite struct ValidateCommandTests {
    static let personaHeader = "reference-id,name-first,name-last,birthdate,email-address,address-country-code\n"

    @Test func versionAndHelp() throws {
        let version = try Importer.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.contains("0.1.0"))
        let help = try Importer.run(["validate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--mapping"))
        #expect(help.stdout.contains("--rejects"))
    }

    @Test func allValidRowsExitZeroAndWriteNoRejects() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("people.csv")
        try (Self.personaHeader + "c-1,Ada,Lovelace,1990-12-10,ada@example.com,GB\nc-2,Alan,Turing,1912-06-23,,GB\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let result = try Importer.run(["validate", input.path, "--template", "itmpl_SampleTemplate0000000001"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("2 rows read, 2 valid, 0 rejected"))
        #expect(!FileManager.default.fileExists(atPath: input.path + ".rejects.csv"))
    }

    @Test func rejectedRowsExitOneAndRoundTripThroughTheRejectsFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("people.csv")
        let rejects = dir.appendingPathComponent("rejects.csv")
        try (Self.personaHeader
            + "c-1,Ada,Lovelace,1990-12-10,ada@example.com,GB\n"
            + "c-2,Alan,Turing,1990-02-30,,GB\n"
            + "c-3,Grace,,1906-12-09,,US\n"
            + "c-4,Edsger,Dijkstra,1930-05-11,,NL,extra\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let result = try Importer.run([
            "validate", input.path, "--template", "itmpl_SampleTemplate0000000001", "--rejects", rejects.path,
        ])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("4 rows read, 1 valid, 3 rejected"))
        #expect(result.stdout.contains("most common reasons"))
        #expect(result.stderr.contains("people.csv:3: rejected:"))
        #expect(result.stderr.contains("birthdate"))
        #expect(result.stderr.contains("people.csv:5: rejected:"))
        // Field values never reach the terminal: only rules, columns and lines.
        #expect(!result.stderr.contains("1990-02-30"))

        let attributes = try FileManager.default.attributesOfItem(atPath: rejects.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let rejected = try String(contentsOf: rejects, encoding: .utf8)
        let lines = rejected.split(separator: "\n")
        #expect(lines.first?.hasSuffix("_line,_errors") == true)
        #expect(lines.count == 4)

        // Fix the two mappable rows in the rejects file and feed it back.
        let fixed = rejected
            .replacingOccurrences(of: "1990-02-30", with: "1990-02-28")
            .replacingOccurrences(of: "Grace,,", with: "Grace,Hopper,")
            .split(separator: "\n").filter { !$0.contains("Dijkstra") }.joined(separator: "\n") + "\n"
        let fixedInput = dir.appendingPathComponent("fixed.csv")
        try fixed.write(to: fixedInput, atomically: true, encoding: .utf8)
        let again = try Importer.run(["validate", fixedInput.path, "--template", "itmpl_SampleTemplate0000000001"])
        #expect(again.status == 0, "stdout: \(again.stdout) stderr: \(again.stderr)")
        #expect(again.stdout.contains("2 rows read, 2 valid, 0 rejected"))
    }

    @Test func aStaleDefaultRejectsFileGoesButANamedPathIsNeverTouched() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("people.csv")
        try (Self.personaHeader + "c-1,Ada,Lovelace,1990-12-10,,GB\n").write(to: input, atomically: true, encoding: .utf8)
        let stale = input.path + ".rejects.csv"
        try "old rejects\n".write(toFile: stale, atomically: true, encoding: .utf8)
        let named = dir.appendingPathComponent("keep.csv")
        try "not ours\n".write(to: named, atomically: true, encoding: .utf8)

        let withNamed = try Importer.run(["validate", input.path, "--template", "itmpl_SampleTemplate0000000001", "--rejects", named.path])
        #expect(withNamed.status == 0)
        #expect(try String(contentsOf: named, encoding: .utf8) == "not ours\n", "a path the user named is left alone")
        #expect(FileManager.default.fileExists(atPath: stale), "only the default path is this run's to clean")

        let withDefault = try Importer.run(["validate", input.path, "--template", "itmpl_SampleTemplate0000000001"])
        #expect(withDefault.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale), "a stale default rejects file would pass for this run's")
    }

    @Test func fileLevelErrorsExitTwoAndNameTheFile() throws {
        let missing = try Importer.run(["validate", "/nonexistent/customers.csv", "--template", "itmpl_SampleTemplate0000000001"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/customers.csv"))

        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("broken.csv")
        try (Self.personaHeader + "c-1,Ada,Lovelace,1990-12-10,,GB\nc-2,\"Alan,Turing,1912-06-23,,GB\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let broken = try Importer.run(["validate", input.path, "--template", "itmpl_SampleTemplate0000000001"])
        #expect(broken.status == 2)
        #expect(broken.stdout.contains("1 rows read, 1 valid"), "records before the error still count: \(broken.stdout)")
        #expect(broken.stderr.contains("broken.csv:3"), "names where the quote opened: \(broken.stderr)")
    }

    @Test func usageErrorsExit64WithAHint() throws {
        let result = try Importer.run(["validate", "x.csv", "--delimiter", "::"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--delimiter"))
        let template = try Importer.run(["validate", "x.csv", "--template", "abc"])
        #expect(template.status == 64)
        #expect(template.stderr.contains("itmpl_"))
    }

    @Test func readsStandardInput() throws {
        let result = try Importer.run(
            ["validate", "-", "--format", "csv", "--template", "itmpl_SampleTemplate0000000001", "--rejects", "/dev/null"],
            stdin: Self.personaHeader + "c-1,Ada,Lovelace,1990-12-10,,GB\n"
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("<stdin>: 1 rows read, 1 valid, 0 rejected"))
    }

    @Test func sampleExportWithItsMappingRejectsTheBadRows() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("rejects.csv")
        let result = try Importer.run([
            "validate", "samples/customers.csv", "--mapping", "samples/customers.mapping.yaml", "--rejects", rejects.path,
        ])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        let rejected = try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n").count - 1
        #expect(rejected > 0)
        #expect(result.stdout.contains("\(rejected) rejected"))

        let xml = try Importer.run([
            "validate", "samples/customers.xml", "--mapping", "samples/customers-xml.mapping.yaml",
            "--rejects", dir.appendingPathComponent("xml-rejects.csv").path,
        ])
        #expect(xml.status == 1, "stderr: \(xml.stderr)")
        #expect(xml.stdout.contains("\(rejected) rejected"), "the XML sample holds the same rows: \(xml.stdout)")
    }
}
