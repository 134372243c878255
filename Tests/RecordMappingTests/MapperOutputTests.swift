import Foundation
import ImportCore
import Testing
@testable import RecordMapping

@Suite("the mapper's drafts")
struct MapperOutputTests {
    @Test func goodCustomerMapsToTheExpectedDraft() throws {
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        try mapper.prepare(for: Support.customerHeader)
        let outcome = mapper.map(Support.record(Support.customerHeader, Support.goodCustomer, line: 9, number: 8))
        guard case .valid(let valid) = outcome else { Issue.record("expected valid: \(String(describing: Support.reasons(outcome)))"); return }
        #expect(valid.line == 9 && valid.number == 8)
        let expected = InquiryDraft(
            template: .inquiryTemplate("itmpl_SampleTemplate0000000001"),
            referenceID: "C1001",
            fields: [
                ("name-first", "Ada"), ("name-last", "Samplesmith"), ("birthdate", "1994-04-12"),
                ("email-address", "ada@example.com"), ("phone-number", "+14155550132"),
                ("address-street-1", "100 Market St"), ("address-city", "San Francisco"),
                ("address-subdivision", "California"), ("address-postal-code", "94105"), ("address-country-code", "US"),
            ],
            tags: ["nightly-import"],
            note: "Imported by persona-import",
            meta: [("auto-create-account-reference-id", .string("C1001"))]
        )
        #expect(valid.draft == expected)
    }

    @Test func defaultFillsAnEmptyCountry() throws {
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        var values = Support.goodCustomer
        values[12] = "  "
        let draft = try #require(Support.draft(mapper.map(Support.record(Support.customerHeader, values))))
        #expect(draft.field("address-country-code") == "US")
    }

    @Test func workersOnTwoThreadsAgreeWithTheSharedMapper() async throws {
        let mapper = RecordMapper(configuration: try Support.configuration(Support.customerMapping))
        let records = (1...2_000).map { index in
            var values = Support.goodCustomer
            values[0] = "C\(index)"
            if index % 10 == 0 { values[4] = "02/30/1990" }
            return Support.record(Support.customerHeader, values, line: index + 1, number: index)
        }
        let counts = await withTaskGroup(of: (Int, Int).self) { group in
            for part in 0..<2 {
                group.addTask {
                    let worker = mapper.makeWorker()
                    var valid = 0, rejected = 0
                    for record in records[(part * 1_000)..<((part + 1) * 1_000)] {
                        switch worker.map(record) {
                        case .valid(let result): valid += 1; _ = result
                        case .rejected: rejected += 1
                        }
                        _ = mapper.map(record)
                    }
                    return (valid, rejected)
                }
            }
            var total = (0, 0)
            for await count in group { total.0 += count.0; total.1 += count.1 }
            return total
        }
        #expect(counts.0 == 1_800)
        #expect(counts.1 == 200)
    }
}
