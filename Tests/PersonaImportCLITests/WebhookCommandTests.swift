import Crypto
import Foundation
import Testing

/// `persona-import webhook` end to end: the emulator sends signed events as a run creates
/// inquiries and simulate actions move them; the receiver records each status in the ledger
/// the run wrote, beside it. Then deliveries that must change nothing: forged, stale, repeated,
/// out of order; and one signed during a secret rotation.
@Suite struct WebhookCommandTests {
    static let secret = "whsec_emulator_test_secret"

    @Test func eventsFromTheEmulatorReachTheLedgerAndBadDeliveriesChangeNothing() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secretFile = dir.appendingPathComponent("webhook-secret")
        try Data((Self.secret + "\n").utf8).write(to: secretFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile.path)
        let rows = 6
        try RunCommandTests.writePeople(rows: rows, prefix: "wh", to: dir.appendingPathComponent("people.csv"))
        let environment = RunCommandTests.environment()

        // The receiver starts first (as a service would) and creates the ledger the run then uses.
        let portFile = dir.appendingPathComponent("webhook.port")
        let receiver = try Importer.start(
            ["webhook", "--listen", "127.0.0.1:0", "--secret-file", secretFile.path, "--port-file", portFile.path,
             "--ledger", dir.appendingPathComponent("people.csv.ledger.sqlite").path],
            in: dir, environment: environment)
        let port = try Self.waitForPort(portFile, receiver)
        #expect(try LoopbackHTTP.get(port: port, path: "/").status == 200)

        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s", "--webhook-url", "http://127.0.0.1:\(port)/persona", "--webhook-secret", Self.secret])
        defer { emulator.stop() }
        let run = try Importer.run(
            ["run", "people.csv", "--template", RunCommandTests.template] + RunCommandTests.sending(to: emulator),
            in: dir, environment: environment)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let ids = try FollowCommandTests.inquiryIDs(dir: dir, environment: environment)
        #expect(ids.count == rows)
        let headers = ["Authorization": "Bearer \(EmulatorProcess.defaultKey)"]
        let approve = #"{"meta":{"simulate-actions":[{"type":"start_inquiry"},{"type":"complete_inquiry"},{"type":"approve_inquiry"}]}}"#
        #expect(try LoopbackHTTP.post(port: emulator.port, path: "/api/v1/inquiries/\(ids[0])/perform-simulate-actions", headers: headers, json: approve).status == 200)
        let decline = #"{"meta":{"simulate-actions":[{"type":"complete_inquiry"},{"type":"decline_inquiry"}]}}"#
        #expect(try LoopbackHTTP.post(port: emulator.port, path: "/api/v1/inquiries/\(ids[1])/perform-simulate-actions", headers: headers, json: decline).status == 200)

        // The events travel in the background: wait for the funnel to show them.
        let expected = "inquiries: 4 created, 1 approved, 1 declined"
        var status = ""
        for _ in 0..<100 {
            status = try Importer.run(["status"], in: dir, environment: environment).stdout
            if status.contains(expected) { break }
            usleep(100_000)
        }
        #expect(status.contains(expected), "\(status)")

        // Deliveries that change nothing, each refused or acknowledged as older.
        let now = Int(Date().timeIntervalSince1970)
        let old = Self.event(inquiry: ids[0], name: "inquiry.started", status: "pending", at: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try Self.post(port, old, signedWith: Self.secret, time: now).status == 200)  // older than approved
        let forged = Self.event(inquiry: ids[2], name: "inquiry.approved", status: "approved", at: Date())
        #expect(try Self.post(port, forged, signedWith: "not-the-secret", time: now).status == 401)
        #expect(try Self.post(port, forged, signedWith: Self.secret, time: now - 3600).status == 401)  // stale
        #expect(try LoopbackHTTP.post(port: port, path: "/persona", json: String(decoding: forged, as: UTF8.self)).status == 400)  // unsigned
        status = try Importer.run(["status"], in: dir, environment: environment).stdout
        #expect(status.contains(expected), "\(status)")

        // A rotation: the header carries the old secret's pair and the new one's.
        let rotated = Self.event(inquiry: ids[2], name: "inquiry.expired", status: "expired", at: Date())
        let header = Self.signature(rotated, secret: "whsec_retired", time: now) + " " + Self.signature(rotated, secret: Self.secret, time: now)
        #expect(try LoopbackHTTP.request("POST", port: port, path: "/persona", headers: ["Persona-Signature": header, "Content-Type": "application/json"], body: Data(rotated)).status == 200)
        status = try Importer.run(["status"], in: dir, environment: environment).stdout
        #expect(status.contains("inquiries: 3 created, 1 approved, 1 declined, 1 expired"), "\(status)")

        receiver.send(SIGTERM)
        let result = receiver.wait(timeout: 30)
        // The payloads carried the people's names: neither the receiver's output nor the ledger holds them.
        let ledgerBytes = try Data(contentsOf: dir.appendingPathComponent("people.csv.ledger.sqlite"))
        for name in ["Given1", "Family1", "Secretname"] {
            #expect(!result.stdout.contains(name) && !result.stderr.contains(name), "\(name) in the receiver's output")
            #expect(ledgerBytes.range(of: Data(name.utf8)) == nil, "\(name) in the ledger")
        }
    }

    @Test func aSecretFileOthersCanReadIsRefused() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secretFile = dir.appendingPathComponent("webhook-secret")
        try Data("s\n".utf8).write(to: secretFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secretFile.path)
        let result = try Importer.run(["webhook", "--listen", "127.0.0.1:0", "--secret-file", secretFile.path, "--ledger", "x.ledger.sqlite"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("chmod 600"), "\(result.stderr)")
        let usage = try Importer.run(["webhook", "--listen", "nowhere", "--secret-file", secretFile.path], in: dir)
        #expect(usage.status == 64, "\(usage.stderr)")
    }

    static func event(inquiry: String, name: String, status: String, at date: Date) -> [UInt8] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return Array(#"""
            {"data":{"type":"event","id":"evt_test_\#(UUID().uuidString)","attributes":{"name":"\#(name)","created-at":"\#(formatter.string(from: date))",
            "payload":{"data":{"type":"inquiry","id":"\#(inquiry)","attributes":{"status":"\#(status)","fields":{"name-first":{"type":"string","value":"Secretname"}}}}}}}}
            """#.utf8)
    }

    static func signature(_ body: [UInt8], secret: String, time: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(time).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(time),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func post(_ port: Int, _ body: [UInt8], signedWith secret: String, time: Int) throws -> (status: Int, body: Data) {
        try LoopbackHTTP.request(
            "POST", port: port, path: "/persona",
            headers: ["Persona-Signature": signature(body, secret: secret, time: time), "Content-Type": "application/json"], body: Data(body))
    }

    static func waitForPort(_ file: URL, _ process: RunningImporter) throws -> Int {
        for _ in 0..<300 {
            if let text = try? String(contentsOf: file, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return port
            }
            if !process.isRunning { break }
            usleep(50_000)
        }
        let result = process.wait(timeout: 1)
        throw EmulatorProcessError("the webhook receiver did not start: \(result.stdout) \(result.stderr)")
    }
}
