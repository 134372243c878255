import Foundation
import ImportLedger
import PostgresLedger
import Testing

@Suite struct ZZTempMessages {
    @Test func show() throws {
        let url = try PostgresTestServer.requireURL()
        var lines: [String] = []
        let schema = PostgresTestServer.freshSchema()
        let lock = try PostgresLedgerLock(url: url, schema: schema)
        do { _ = try PostgresLedgerLock(url: url, schema: schema) } catch { lines.append("\(error)") }
        do { _ = try PostgresLedgerLock(url: url, schema: schema, wait: .seconds(1.2)) } catch { lines.append("\(error)") }
        withExtendedLifetime(lock) {}
        do { _ = try PostgresLedger(url: "postgres://u:pw@127.0.0.1:1/db", retryConnectingFor: .seconds(1)) } catch { lines.append("\(error)") }
        do { _ = try PostgresLedger(url: "postgres://u:pw@127.0.0.1:1/db", retryConnectingFor: .zero) } catch { lines.append("\(error)") }
        do { _ = try PostgresLedger(url: PostgresTestServer.url(password: "bad")) } catch { lines.append("\(error)") }
        do { _ = try PostgresLedger(url: PostgresTestServer.url(password: nil), environment: [:]) } catch { lines.append("\(error)") }
        do { _ = try PostgresLedger(url: url.replacingOccurrences(of: "persona_import_test", with: "nodb")) } catch { lines.append("\(error)") }
        do { _ = try PostgresLedger(url: url, schema: "bad-name") } catch { lines.append("\(error)") }
        let ledger = try PostgresTestServer.ledger()
        lines.append(ledger.redactedURL)
        try? FileManager.default.removeItem(atPath: "/tmp/zzmessages.txt")
        FileManager.default.createFile(atPath: "/tmp/zzmessages.txt", contents: Data(lines.joined(separator: "\n").utf8))
    }
}
