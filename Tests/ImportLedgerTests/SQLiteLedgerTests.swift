import Foundation
import GRDB
import ImportLedger
import Testing

@Suite struct SQLiteLedgerTests {
    @Test func theFileAndItsWriteAheadLogAreCreatedPrivate() throws {
        let path = temporaryLedgerPath()
        let ledger = try SQLiteLedger(path: path)
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1)], job: id, now: 2)
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "the ledger runs in WAL mode")
    }

    @Test func anExistingFileWithWiderPermissionsIsNarrowed() throws {
        let path = temporaryLedgerPath()
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try SQLiteLedger(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func whatWasCommittedSurvivesReopening() throws {
        let path = temporaryLedgerPath()
        do {
            let ledger = try SQLiteLedger(path: path)
            let id = try ledger.openJob(job(), now: 1).id
            try ledger.markSending([intent(1), intent(2)], job: id, now: 2)
            try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: id, now: 3)
        }
        let reopened = try SQLiteLedger(path: path)
        let job = try reopened.openJob(job(), now: 4)
        #expect(!job.isNew)
        let plan = try reopened.resumePlan(job: job.id, retryingFailed: false)
        #expect(plan.skip.contains(1))
        #expect(plan.prior[2]?.state == .sending)
    }

    @Test func aLedgerFromANewerVersionIsRefused() throws {
        let path = temporaryLedgerPath()
        _ = try SQLiteLedger(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        #expect {
            _ = try SQLiteLedger(path: path)
        } throws: { error in
            (error as? LedgerError)?.isNewerSchema == true && "\(error)".contains("newer persona-import")
        }
    }

    @Test func aPathThatIsNotARegularFileIsRefusedWithItsName() throws {
        let directory = FileManager.default.temporaryDirectory.path
        #expect {
            _ = try SQLiteLedger(path: directory)
        } throws: { error in
            "\(error)".contains(directory) && "\(error)".contains("--ledger")
        }
    }
}

@Suite struct LedgerLockTests {
    @Test func aSecondHolderIsRefusedAtOnceAndTheLockFreesWithItsHolder() throws {
        let path = temporaryLedgerPath()
        var first: LedgerLock? = try LedgerLock(ledgerPath: path)
        #expect {
            _ = try LedgerLock(ledgerPath: path)
        } throws: { error in
            (error as? LedgerError)?.isLocked == true && "\(error)".contains("pid \(getpid())")
        }
        withExtendedLifetime(first) {}
        first = nil
        _ = try LedgerLock(ledgerPath: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path + ".lock")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}

@Suite struct RecordSetTests {
    @Test func insertsAndFindsAcrossWords() {
        var set = RecordSet()
        for record in [0, 1, 63, 64, 65, 1_000_000] { set.insert(record) }
        set.insert(64)
        #expect(set.count == 6)
        #expect([0, 1, 63, 64, 65, 1_000_000].allSatisfy(set.contains))
        #expect(![2, 62, 66, 999_999, 1_000_001, -1].contains(where: set.contains))
    }
}
