import Foundation
import ImportLedger
@testable import PostgresLedger
import Testing

/// The URL, the password's sources and its redaction: no server needed.
@Suite struct PostgresLocationTests {
    @Test func aURLIsTakenApart() throws {
        let location = try PostgresLocation(url: "postgres://importer:s%40cret@db.example:6543/ledgers?sslmode=require", environment: [:])
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.user == "importer")
        #expect(location.database == "ledgers")
        #expect(location.tlsMode == .require)
        #expect(location.password == "s@cret")
        let defaults = try PostgresLocation(url: "postgresql://me@[::1]/", environment: [:])
        #expect(defaults.host == "::1")
        #expect(defaults.port == 5432)
        #expect(defaults.database == "me")
        #expect(defaults.tlsMode == .prefer, "libpq's default")
        #expect(defaults.password == nil)
    }

    @Test(arguments: [
        ("postgres://u:hunter2@h:5432/db", "postgres://u:***@h:5432/db"),
        ("postgres://u@h/db?sslmode=require", "postgres://u@h/db?sslmode=require"),
        ("postgres://u:p/a?s@w@h/db?sslmode=disable", "postgres://u:***@h/db?sslmode=disable"),
        ("postgres://u@h/db?password=hunter2&sslmode=require", "postgres://u@h/db?password=***&sslmode=require"),
        ("postgres://h/db", "postgres://h/db"),
    ])
    func thePasswordIsRedacted(url: String, redacted: String) throws {
        #expect(PostgresLocation.redact(url) == redacted)
    }

    @Test func printingALocationNeverShowsThePassword() throws {
        let location = try PostgresLocation(url: "postgres://u:hunter2@h:5432/db", environment: [:])
        for text in ["\(location)", String(reflecting: location), String(describing: Mirror(reflecting: location).children.map(\.value))] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect("\(location)" == "postgres://u:***@h:5432/db")
    }

    @Test func errorsNameTheURLWithoutItsPassword() {
        for url in ["postgres://u:hunter2@h:notaport/db", "postgres://u:hunter2@h/db?sslmode=sometimes", "postgres://u:hunter2@h/db?color=red"] {
            #expect {
                _ = try PostgresLocation(url: url, environment: [:])
            } throws: { error in
                let message = "\(error)"
                return !message.contains("hunter2") && message.contains("postgres://u:***@h")
            }
        }
    }

    @Test func thePasswordComesFromTheURLThenPGPASSWORDThenThePasswordFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let lines = "# comment\nother:5432:*:u:wrong\nh:5432:db:u:from\\:file\n*:*:*:*:fallback\n"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(lines.utf8), attributes: [.posixPermissions: 0o600]))
        let environment = ["PGPASSFILE": file]
        #expect(try PostgresLocation(url: "postgres://u@h/db", environment: environment).password == "from:file")
        #expect(try PostgresLocation(url: "postgres://u@h:5433/db", environment: environment).password == "fallback")
        #expect(try PostgresLocation(url: "postgres://u@h/db", environment: environment.merging(["PGPASSWORD": "env"]) { $1 }).password == "env")
        #expect(try PostgresLocation(url: "postgres://u:url@h/db", environment: environment.merging(["PGPASSWORD": "env"]) { $1 }).password == "url")
        // A password file others may read is ignored, as libpq ignores it.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(try PostgresLocation(url: "postgres://u@h/db", environment: environment).password == nil)
    }

    @Test func aBadSchemaNameIsRefused() {
        for schema in ["1abc", "a-b", "a\"b", "", String(repeating: "x", count: 64)] {
            #expect(LedgerSQL(schema: schema) == nil, "\(schema)")
        }
        #expect(LedgerSQL(schema: "persona_import")?.row == "\"persona_import\".\"row\"")
    }

    @Test func batchesSplitWhereARecordComesAgain() {
        let records = [1, 2, 3, 2, 4, 1, 1]
        #expect(PostgresLedger.segments(records) { $0 } == [[1, 2, 3], [2, 4, 1], [1]])
        #expect(PostgresLedger.segments([Int]()) { $0 }.isEmpty)
    }

    @Test func lockKeysAreStableAndDifferPerSchema() {
        #expect(LockKey.run("persona_import") == LockKey.run("persona_import"))
        #expect(LockKey.run("persona_import") != LockKey.run("persona_import2"))
        #expect(LockKey.run("persona_import") != LockKey.migration("persona_import"))
        #expect(LockKey.hash("") == Int64(bitPattern: 0xcbf2_9ce4_8422_2325), "FNV-1a's offset basis")
    }
}
