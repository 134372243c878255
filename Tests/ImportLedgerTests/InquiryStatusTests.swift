import Foundation
import ImportLedger
import Testing

@Suite("Which status report wins")
struct StatusSupersedesTests {
    static func report(_ status: String, at time: Double) -> InquiryStatusRecord {
        InquiryStatusRecord(inquiryID: "inq_1", status: status, changedAt: time)
    }

    @Test func theFirstReportIsAlwaysKept() {
        #expect(Self.report("created", at: 1).supersedes(nil))
    }

    @Test func aNewerReportReplacesAnOlderOne() {
        #expect(Self.report("completed", at: 20).supersedes(Self.report("pending", at: 10)))
    }

    @Test func anOlderReportChangesNothingWhateverItsStatus() {
        #expect(!Self.report("pending", at: 10).supersedes(Self.report("approved", at: 20)))
        #expect(!Self.report("approved", at: 10).supersedes(Self.report("pending", at: 20)))
    }

    @Test func atTheSameTimeTheStatusFurtherAlongWins() {
        #expect(Self.report("approved", at: 10).supersedes(Self.report("completed", at: 10)))
        #expect(!Self.report("completed", at: 10).supersedes(Self.report("approved", at: 10)))
    }

    @Test func aRepeatChangesNothing() {
        #expect(!Self.report("completed", at: 10).supersedes(Self.report("completed", at: 10)))
    }
}

@Suite struct InquiryStatusStoreContractTests {
    /// A job with rows 1–4 created (inq_1 … inq_4) and row 5 failed.
    static func ledgerWithCreatedRows(_ kind: LedgerKind) throws -> (any Ledger, Int64) {
        let ledger = try kind.make()
        let id = try ledger.openJob(job("statuses-\(UUID().uuidString)"), now: 1).id
        try ledger.markSending((1...5).map { intent($0) }, job: id, now: 2)
        try ledger.record((1...4).map { .created(record: $0, inquiryID: "inq_\($0)-\(id)-\(kind.rawValue)", requestID: nil, attempts: 1) }
            + [.failed(record: 5, error: "400 Bad request", requestID: nil, attempts: 1)], job: id, now: 3)
        return (ledger, id)
    }

    @Test(arguments: LedgerKind.allCases)
    func statusesAreFollowedUntilFinalAndCountedInTheFunnel(kind: LedgerKind) throws {
        let (ledger, id) = try Self.ledgerWithCreatedRows(kind)
        let ids = (1...4).map { "inq_\($0)-\(id)-\(kind.rawValue)" }
        #expect(try ledger.inquiriesToFollow(job: id) == ids)
        #expect(try ledger.statusFunnel(job: id) == [InquiryStatusRecord.unknownStatus: 4])

        let changed = try ledger.recordStatuses([
            InquiryStatusRecord(inquiryID: ids[0], status: "approved", changedAt: 50),
            InquiryStatusRecord(inquiryID: ids[1], status: "completed", changedAt: 50),
            InquiryStatusRecord(inquiryID: ids[2], status: "expired", changedAt: 50),
        ], now: 60)
        #expect(changed == 3)
        #expect(try ledger.inquiriesToFollow(job: id) == [ids[1], ids[3]])
        #expect(try ledger.statusFunnel(job: id) == ["approved": 1, "completed": 1, "expired": 1, InquiryStatusRecord.unknownStatus: 1])
        #expect(try ledger.statuses(job: id)[ids[1]] == InquiryStatusRecord(inquiryID: ids[1], status: "completed", changedAt: 50))
    }

    @Test(arguments: LedgerKind.allCases)
    func repeatedAndOutOfOrderReportsChangeNothing(kind: LedgerKind) throws {
        let (ledger, id) = try Self.ledgerWithCreatedRows(kind)
        let inquiry = "inq_1-\(id)-\(kind.rawValue)"
        #expect(try ledger.recordStatuses([InquiryStatusRecord(inquiryID: inquiry, status: "declined", changedAt: 90)], now: 91) == 1)
        #expect(try ledger.recordStatuses([InquiryStatusRecord(inquiryID: inquiry, status: "declined", changedAt: 90)], now: 92) == 0)
        #expect(try ledger.recordStatuses([InquiryStatusRecord(inquiryID: inquiry, status: "pending", changedAt: 40)], now: 93) == 0)
        #expect(try ledger.statuses(job: id)[inquiry]?.status == "declined")
        // At one time the status further along wins, in whichever order the two arrive.
        let other = "inq_2-\(id)-\(kind.rawValue)"
        #expect(try ledger.recordStatuses([InquiryStatusRecord(inquiryID: other, status: "approved", changedAt: 95)], now: 96) == 1)
        #expect(try ledger.recordStatuses([InquiryStatusRecord(inquiryID: other, status: "completed", changedAt: 95)], now: 97) == 0)
        #expect(try ledger.statuses(job: id)[other]?.status == "approved")
        // A status for an inquiry this ledger did not create is kept but in no job's funnel.
        #expect(try ledger.recordStatuses([InquiryStatusRecord(inquiryID: "inq_elsewhere", status: "approved", changedAt: 1)], now: 94) == 1)
        #expect(try ledger.statusFunnel(job: id) == ["declined": 1, "approved": 1, InquiryStatusRecord.unknownStatus: 2])
    }
}

@Suite struct InquiryLinkStoreContractTests {
    @Test(arguments: LedgerKind.allCases)
    func linksAreKeptBesideTheRowsAndMissingOrExpiredOnesAreTargets(kind: LedgerKind) throws {
        let (ledger, id) = try InquiryStatusStoreContractTests.ledgerWithCreatedRows(kind)
        let ids = (1...4).map { "inq_\($0)-\(id)-\(kind.rawValue)" }
        #expect(try ledger.linkTargets(job: id, all: false, now: 100) == ids)
        try ledger.recordLinks([
            (ids[0], OneTimeLink(url: "https://example/verify?code=a", shortURL: "https://example/v/a", expiresAt: 200)),
            (ids[1], OneTimeLink(url: "https://example/verify?code=b", shortURL: nil, expiresAt: 50)),
        ], now: 10)
        #expect(try ledger.linkTargets(job: id, all: false, now: 100) == [ids[1], ids[2], ids[3]], "b expired at 50")
        #expect(try ledger.linkTargets(job: id, all: true, now: 100) == ids)
        try ledger.recordLinks([(ids[1], OneTimeLink(url: "https://example/verify?code=c", shortURL: nil, expiresAt: 300))], now: 110)
        let links = try ledger.links(job: id)
        #expect(links.count == 2)
        #expect(links[ids[0]] == OneTimeLink(url: "https://example/verify?code=a", shortURL: "https://example/v/a", expiresAt: 200))
        #expect(links[ids[1]]?.url == "https://example/verify?code=c")
    }

    @Test func aLinkNeverShowsItselfInText() {
        let link = OneTimeLink(url: "https://example/verify?code=secret", shortURL: "https://example/v/secret", expiresAt: 1)
        for text in ["\(link)", String(describing: link), String(reflecting: link), "\([link])"] {
            #expect(!text.contains("secret"), "\(text)")
        }
        var dumped = ""
        dump(link, to: &dumped)
        #expect(!dumped.contains("secret"), "\(dumped)")
    }
}
