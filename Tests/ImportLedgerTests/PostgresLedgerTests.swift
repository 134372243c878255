import Foundation
import ImportLedger
@testable import PostgresLedger
import Testing

/// What only the PostgreSQL ledger has: schema versions, the advisory lock, passwords, TLS, a
/// lost connection. Needs a server (`PERSONA_IMPORT_TEST_POSTGRES_URL`; `scripts/test.sh`
/// starts one); skipped without it.
@Suite(.enabled(if: PostgresTestServer.url != nil, "PERSONA_IMPORT_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against"))
struct PostgresLedgerTests {
    @Test func whatWasCommittedSurvivesReopening() throws {
        let schema = PostgresTestServer.freshSchema()
        do {
            let ledger = try PostgresTestServer.ledger(schema: schema)
            let id = try ledger.openJob(job(), now: 1).id
            try ledger.markSending([intent(1), intent(2)], job: id, now: 2)
            try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: id, now: 3)
        }
        let reopened = try PostgresTestServer.ledger(schema: schema)
        let job = try reopened.openJob(job(), now: 4)
        #expect(!job.isNew)
        let plan = try reopened.resumePlan(job: job.id, retryingFailed: false)
        #expect(plan.skip.contains(1))
        #expect(plan.prior[2]?.state == .sending)
        #expect(try reopened.scalar("SELECT max(version)::text FROM \(reopened.sql.schema).schema_migrations") == "\(PostgresLedger.currentSchemaVersion)")
    }

    @Test func aLedgerFromANewerVersionIsRefused() throws {
        let schema = PostgresTestServer.freshSchema()
        let ledger = try PostgresTestServer.ledger(schema: schema)
        _ = try ledger.scalar("INSERT INTO \(ledger.sql.schema).schema_migrations (version, name) VALUES (99, 'from the future')")
        #expect {
            _ = try PostgresTestServer.ledger(schema: schema)
        } throws: { error in
            (error as? LedgerError)?.isNewerSchema == true && "\(error)".contains("newer persona-import") && "\(error)".contains("99")
        }
    }

    @Test func aReadingCommandDoesNotCreateTheSchema() throws {
        let schema = PostgresTestServer.freshSchema()
        #expect {
            _ = try PostgresLedger(url: PostgresTestServer.requireURL(), schema: schema, createIfMissing: false)
        } throws: { error in
            "\(error)".contains("no ledger in schema \(schema)")
        }
        _ = try PostgresTestServer.ledger(schema: schema)
        _ = try PostgresLedger(url: PostgresTestServer.requireURL(), schema: schema, createIfMissing: false)
    }

    @Test func aBatchThatNamesARecordTwiceIsAppliedInOrderAsSQLiteDoes() throws {
        let postgres = try PostgresTestServer.ledger()
        let sqlite = try SQLiteLedger(path: temporaryLedgerPath())
        for ledger in [postgres, sqlite] as [any Ledger] {
            let id = try ledger.openJob(job(), now: 1).id
            try ledger.markSending([intent(1), intent(2), intent(3), intent(2, key: "key-2b", at: 50)], job: id, now: 2)
            try ledger.record([
                .interrupted(record: 1, attempts: 2, error: "500", lastStatus: 500),
                .rekeyed(record: 1, idempotencyKey: "key-1-g1", keyGeneration: 1),
                .created(record: 2, inquiryID: "inq_2", requestID: "req_2", attempts: 1),
                .rejected(record: 2, line: 3, referenceID: "ref-2", reasons: ["ignored: already created"]),
                .interrupted(record: 3, attempts: 1, error: nil, lastStatus: 0),
                .rejected(record: 4, line: 5, referenceID: nil, reasons: ["bad email", "bad phone"]),
                .alreadyImported(record: 5, line: 6, referenceID: "ref-x", inquiryID: "inq_x"),
                .failed(record: 3, error: "422", requestID: nil, attempts: 1),
            ], job: id, now: 3)
        }
        let expected = try sqlite.rows(job: 1)
        let actual = try postgres.rows(job: 1)
        #expect(actual == expected)
        #expect(actual.map(\.state) == [.pending, .created, .failed, .rejected, .alreadyImported])
        #expect(try postgres.resumePlan(job: 1, retryingFailed: true).prior == sqlite.resumePlan(job: 1, retryingFailed: true).prior)
    }

    @Test func aSecondLockIsRefusedAtOnceNamingTheHolderAndFreedWithIt() throws {
        let url = try PostgresTestServer.requireURL()
        let schema = PostgresTestServer.freshSchema()
        let secret = try PostgresTestServer.password() ?? "\u{0}"
        var first: PostgresLedgerLock? = try PostgresLedgerLock(url: url, schema: schema)
        #expect(first?.isHeld == true)
        let clock = ContinuousClock()
        let started = clock.now
        #expect {
            _ = try PostgresLedgerLock(url: url, schema: schema)
        } throws: { error in
            (error as? LedgerError)?.isLocked == true && "\(error)".contains("pid \(getpid()) on ") && "\(error)".contains("since 20")
                && !"\(error)".contains(secret)
        }
        #expect(clock.now - started < .seconds(3), "refused at once")
        // Another schema is another ledger, another lock.
        _ = try PostgresLedgerLock(url: url, schema: PostgresTestServer.freshSchema())
        withExtendedLifetime(first) {}
        first = nil
        _ = try PostgresLedgerLock(url: url, schema: schema)
    }

    @Test func aWaitingLockGetsItWhenTheHolderLetsGo() throws {
        let url = try PostgresTestServer.requireURL()
        let schema = PostgresTestServer.freshSchema()
        let holder = try PostgresLedgerLock(url: url, schema: schema)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.7) { holder.release() }
        let waiter = try PostgresLedgerLock(url: url, schema: schema, wait: .seconds(20))
        #expect(waiter.isHeld)
        #expect(!holder.isHeld)
    }

    @Test func aLockWhoseConnectionEndsIsNoLongerHeld() throws {
        let url = try PostgresTestServer.requireURL()
        let schema = PostgresTestServer.freshSchema()
        let lock = try PostgresLedgerLock(url: url, schema: schema)
        try PostgresTestServer.terminateLockSession(schema: schema)
        try waitUntil { !lock.isHeld }
        _ = try PostgresLedgerLock(url: url, schema: schema, wait: .seconds(5))
    }

    @Test func aLockWhoseSessionIsTerminatedIsFoundLostByItsCheck() throws {
        let url = try PostgresTestServer.requireURL()
        let schema = PostgresTestServer.freshSchema()
        let lock = try PostgresLedgerLock(url: url, schema: schema)
        let other = try PostgresLedgerLock(url: url, schema: PostgresTestServer.freshSchema())
        #expect(lock.verify())
        #expect(other.verify())
        try PostgresTestServer.terminateLockSession(schema: schema)
        try waitUntil { !lock.verify() }
        #expect(other.verify(), "another session's lock is still held")
        _ = try PostgresLedgerLock(url: url, schema: schema, wait: .seconds(5))
    }

    @Test func aLockCheckWithoutAnAnswerInTimeCountsAsLostAndLetsGo() throws {
        let url = try PostgresTestServer.requireURL()
        let schema = PostgresTestServer.freshSchema()
        let lock = try PostgresLedgerLock(url: url, schema: schema)
        #expect(lock.verify())
        // No server answers within a nanosecond: as a hung connection, it counts as lost.
        #expect(!lock.verify(timeout: .nanoseconds(1)))
        try waitUntil { !lock.isHeld }
        #expect(!lock.verify())
        // Its connection was closed, so the lock is free for the next run.
        _ = try PostgresLedgerLock(url: url, schema: schema, wait: .seconds(10))
    }

    @Test func aReleasedLockIsNotHeldByItsCheck() throws {
        let lock = try PostgresLedgerLock(url: PostgresTestServer.requireURL(), schema: PostgresTestServer.freshSchema())
        #expect(lock.verify())
        lock.release()
        #expect(!lock.verify())
    }

    @Test func aLostConnectionIsReportedOnceThenTheLedgerConnectsAgain() throws {
        let ledger = try PostgresTestServer.ledger()
        let helper = try PostgresTestServer.ledger()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1)], job: id, now: 2)
        let pid = try #require(try ledger.scalar("SELECT pg_backend_pid()::text"))
        #expect(try helper.scalar("SELECT pg_terminate_backend(\(pid))::text") == "true")
        #expect {
            try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: id, now: 3)
        } throws: { error in
            (error as? LedgerError)?.isUnreachable == true && "\(error)".contains("unreachable")
        }
        // What was committed before the loss is there; the next call reconnects.
        #expect(try ledger.rows(job: id).map(\.state) == [.sending])
        try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: id, now: 3)
        #expect(try ledger.rows(job: id).map(\.state) == [.created])
    }

    @Test func anUnreachableServerIsRetriedForABoundedTime() throws {
        let location = try PostgresLocation(url: PostgresTestServer.requireURL(), environment: [:])
        let closedPort = try closedLoopbackPort()
        let url = "postgres://\(location.user):hunter2@127.0.0.1:\(closedPort)/db?sslmode=disable"
        let clock = ContinuousClock()
        let started = clock.now
        #expect {
            _ = try PostgresLedger(url: url, retryConnectingFor: .seconds(1.5))
        } throws: { error in
            let message = "\(error)"
            return (error as? LedgerError)?.isUnreachable == true && message.contains("postgres://\(location.user):***@127.0.0.1")
                && !message.contains("hunter2") && message.contains("after trying for 1.5 s")
        }
        let elapsed = clock.now - started
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(10))
    }

    @Test func thePasswordComesFromPGPASSWORDOrThePasswordFileAndAWrongOneFailsAtOnce() throws {
        guard let password = try PostgresTestServer.password() else { return }  // a server without passwords
        let bare = try PostgresTestServer.url(password: nil)
        _ = try PostgresLedger(url: bare, schema: PostgresTestServer.freshSchema(), environment: ["PGPASSWORD": password])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(FileManager.default.createFile(atPath: file, contents: Data("*:*:*:*:\(password)\n".utf8), attributes: [.posixPermissions: 0o600]))
        _ = try PostgresLedger(url: bare, schema: PostgresTestServer.freshSchema(), environment: ["PGPASSFILE": file])
        let clock = ContinuousClock()
        let started = clock.now
        #expect {
            _ = try PostgresLedger(url: PostgresTestServer.url(password: "wrong-password"), retryConnectingFor: .seconds(20))
        } throws: { error in
            (error as? LedgerError)?.isUnreachable == false && "\(error)".contains("28P01") && !"\(error)".contains("wrong-password")
        }
        #expect(clock.now - started < .seconds(5), "a refused password is not retried")
        #expect {
            _ = try PostgresLedger(url: bare, environment: ["PGPASSFILE": "/nonexistent/pgpass"])
        } throws: { error in
            "\(error)".contains("PGPASSWORD")
        }
    }

    @Test(.enabled(if: PostgresTestServer.offersTLS, "the test server was started without TLS"))
    func sslmodeRequireEncryptsTheConnection() throws {
        let ledger = try PostgresLedger(url: PostgresTestServer.url(password: PostgresTestServer.password(), sslmode: "require"), schema: PostgresTestServer.freshSchema())
        #expect(try ledger.scalar("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "true")
        let plain = try PostgresLedger(url: PostgresTestServer.url(password: PostgresTestServer.password(), sslmode: "disable"), schema: PostgresTestServer.freshSchema())
        #expect(try plain.scalar("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "false")
    }
}

/// Polls `condition` for up to 10 s.
func waitUntil(_ condition: () -> Bool) throws {
    for _ in 0..<200 where !condition() { Thread.sleep(forTimeInterval: 0.05) }
    try #require(condition())
}

/// A loopback port nothing listens on (bound, then closed).
func closedLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    try #require(bound)
    return Int(UInt16(bigEndian: address.sin_port))
}
