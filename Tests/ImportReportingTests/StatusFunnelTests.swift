import Foundation
import ImportLedger
import ImportReporting
import Testing

@Suite struct StatusFunnelTests {
    static let funnel = ["unknown": 2, "approved": 3, "created": 10, "declined": 1, "in_person_review": 1, "pending": 4]

    @Test func statusesComeInTheOrderAnInquiryMovesThenNewOnesThenTheUnread() {
        #expect(StatusFunnel.ordered(Self.funnel).map(\.status) == ["created", "pending", "approved", "declined", "in_person_review", "unknown"])
        #expect(StatusFunnel.text(Self.funnel) == "10 created, 4 pending, 3 approved, 1 declined, 1 in_person_review, 2 not followed yet")
        #expect(StatusFunnel.text(["unknown": 5]) == nil, "nothing followed yet: no funnel line")
    }

    @Test func theRunReportCarriesTheFunnelInJSONAndAsAChart() throws {
        var summary = ImportSummary()
        summary.created = 21
        summary.inquiryStatuses = Self.funnel
        let report = RunReport(
            summary: summary, tool: "persona-import test", input: "in.csv", ledger: "in.csv.ledger.sqlite",
            startedAt: Date(timeIntervalSince1970: 1_800_000_000), exitCode: 0, nextStep: nil)
        let json = String(decoding: try report.json(), as: UTF8.self)
        #expect(json.contains(#""inquiry-statuses" : {"#) && json.contains(#""approved" : 3"#), "\(json)")
        let html = report.html()
        #expect(html.contains("<h2>Inquiries by status</h2>"))
        #expect(html.contains("<tr><th>approved</th><td class=\"n\">3</td>"))
        #expect(html.contains("<tr><th>not followed yet</th><td class=\"n\">2</td>"))
        summary.inquiryStatuses = ["unknown": 21]
        let unread = RunReport(
            summary: summary, tool: "t", input: "in.csv", ledger: nil, startedAt: Date(), exitCode: 0, nextStep: nil)
        #expect(!unread.html().contains("Inquiries by status"))
    }
}

@Suite struct UnusedLinksTests {
    @Test func linksNobodyUsedAreCountedByWhetherTheyExpireSoonOrDid() {
        func link(_ expiresAt: Double) -> OneTimeLink { OneTimeLink(url: "u", shortURL: nil, expiresAt: expiresAt) }
        let links = ["a": link(50), "b": link(150), "c": link(100_000), "d": link(150), "e": link(50)]
        let statuses = [
            "d": InquiryStatusRecord(inquiryID: "d", status: "pending", changedAt: 1),
            "e": InquiryStatusRecord(inquiryID: "e", status: "created", changedAt: 1),
        ]
        // a: expired, never read; b: expires within the window; c: later; d: the person started; e: expired, created.
        #expect(UnusedLinks.count(links: links, statuses: statuses, now: 100, window: 1000) == UnusedLinks(expiring: 1, expired: 2))
    }
}
