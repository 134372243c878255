import Foundation
import ImportLedger
import PostgresLedger
import Testing

/// The server restarted or down under the ledger. These stop the server every other test uses,
/// so `scripts/test.sh` runs them alone after the rest (`PERSONA_IMPORT_TEST_POSTGRES_DISRUPT=1`).
@Suite(
    .enabled(if: PostgresTestServer.mayDisrupt, "they restart the PostgreSQL server: scripts/test.sh runs them alone, after the rest"),
    .serialized)
struct PostgresRestartTests {
    @Test func aRestartLosesTheLockAndTheLedgerReportsItThenConnectsAgain() throws {
        let url = try PostgresTestServer.requireURL()
        let schema = PostgresTestServer.freshSchema()
        let lock = try PostgresLedgerLock(url: url, schema: schema)
        let ledger = try PostgresTestServer.ledger(schema: schema, retryConnectingFor: .seconds(60))
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1), intent(2)], job: id, now: 2)

        try PostgresTestServer.control("restart", "-m", "immediate")

        try waitUntil { !lock.isHeld }
        #expect {
            try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: id, now: 3)
        } throws: { error in
            (error as? LedgerError)?.isUnreachable == true
        }
        // Committed before the crash: kept. The next call connects again.
        try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: id, now: 3)
        #expect(try ledger.rows(job: id).map(\.state) == [.created, .sending])
        // The lock died with its connection: another run may take it.
        _ = try PostgresLedgerLock(url: url, schema: schema)
    }

    @Test func aLedgerOpenedWhileTheServerIsDownWaitsForIt() throws {
        try PostgresTestServer.control("stop", "-m", "immediate")
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { try? PostgresTestServer.control("start") }
        let clock = ContinuousClock()
        let started = clock.now
        let ledger = try PostgresTestServer.ledger(retryConnectingFor: .seconds(60))
        #expect(clock.now - started >= .seconds(1.5))
        let id = try ledger.openJob(job(), now: 1).id
        #expect(try ledger.findJob(fingerprint: job().fingerprint)?.id == id)
    }
}
