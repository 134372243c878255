import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("List inquiries")
struct ListTests {
    @Test("walking links.next over 250 inquiries sees each once, newest first")
    func pagination() async throws {
        try await withEmulator({ $0.rateLimit = RateLimitRule(limit: 10_000, period: .seconds(60)) }) { client in
            var createdIDs: [String] = []
            for index in 0..<250 {
                let response = try await client.create(Bodies.create(reference: "p-\(index)"))
                createdIDs.append(try response.decode(InquiryDocument.self).data.id)
            }
            for size in [nil, 7, 100] as [Int?] {
                var seen: [String] = []
                var path: String? = "/api/v1/inquiries" + (size.map { "?page%5Bsize%5D=\($0)" } ?? "")
                var pages = 0
                while let next = path {
                    let page = try await client.send("GET", next).decode(InquiryList.self)
                    #expect(page.data.count <= size ?? 10)
                    seen += page.data.map(\.id)
                    // `next` is the bare cursor, as Persona documents it: the page size is added back.
                    path = page.links.next.map { $0 + (size.map { "&page%5Bsize%5D=\($0)" } ?? "") }
                    pages += 1
                    if pages > 300 { break }
                }
                #expect(seen == Array(createdIDs.reversed()))
                #expect(Set(seen).count == 250)
                #expect(pages == (250 + (size ?? 10) - 1) / (size ?? 10))
            }
            // page[before] walks back towards newer ones.
            let second = try await client.send("GET", "/api/v1/inquiries?page%5Bafter%5D=\(createdIDs[240])&page%5Bsize%5D=5")
                .decode(InquiryList.self)
            #expect(second.data.map(\.id) == Array(createdIDs[235..<240].reversed()))
            let back = try await client.send("GET", try #require(second.links.prev) + "&page%5Bsize%5D=5").decode(InquiryList.self)
            #expect(back.data.map(\.id) == Array(createdIDs[240..<245].reversed()))
        }
    }

    @Test("filters: reference-id, status, template, created-at range")
    func filters() async throws {
        let clock = ManualEmulatorClock(start: Date(timeIntervalSince1970: 1_767_225_600))
        try await withEmulator({ $0.clock = clock }) { client in
            _ = try await client.create(Bodies.create(reference: "alice"))
            clock.advance(by: .seconds(3600))
            _ = try await client.create(Bodies.create(reference: "bob", template: #""inquiry-template-id":"itmpl_Other""#))
            clock.advance(by: .seconds(3600))
            let last = try await client.create(Bodies.create(reference: "alice"))
            let lastID = try last.decode(InquiryDocument.self).data.id

            func ids(_ query: String) async throws -> [String?] {
                try await client.send("GET", "/api/v1/inquiries?" + query).decode(InquiryList.self).data.map(\.attributes.referenceID)
            }
            #expect(try await ids("filter%5Breference-id%5D=alice") == ["alice", "alice"])
            #expect(try await ids("filter[reference-id]=nobody") == [])
            #expect(try await ids("filter%5Binquiry-template-id%5D=itmpl_Other") == ["bob"])
            #expect(try await ids("filter%5Bstatus%5D=created").count == 3)
            #expect(try await ids("filter%5Bstatus%5D=approved").isEmpty)
            #expect(try await ids("filter%5Bcreated-at-start%5D=2026-01-01T00:30:00Z&filter%5Bcreated-at-end%5D=2026-01-01T01:30:00.000Z") == ["bob"])
            #expect(try await ids("filter%5Bcreated-at-start%5D=2026-01-01T01:00:00%2B00:00") == ["alice", "bob"])
            #expect(try await ids("filter%5Binquiry-id%5D=\(lastID)") == ["alice"])

            let page = try await client.send("GET", "/api/v1/inquiries?filter%5Breference-id%5D=alice&page%5Bsize%5D=1")
                .decode(InquiryList.self)
            let next = try #require(page.links.next)
            // Persona's documented `next` is the bare cursor: no filters, no size. Walked as given
            // it lists everyone's inquiries past the cursor; a client rebuilds its own query.
            #expect(next == "/api/v1/inquiries?page%5Bafter%5D=\(lastID)")
            let asGiven = try await client.send("GET", next).decode(InquiryList.self)
            #expect(asGiven.data.map(\.attributes.referenceID) == ["bob", "alice"])
            let rest = try await client.send("GET", next + "&filter%5Breference-id%5D=alice&page%5Bsize%5D=1").decode(InquiryList.self)
            #expect(rest.data.count == 1)
            #expect(rest.links.next == nil)
        }
    }

    @Test("bad list parameters are 400s")
    func badParameters() async throws {
        try await withEmulator { client in
            for query in ["page%5Bsize%5D=0", "page%5Bsize%5D=101", "page%5Bsize%5D=x",
                          "filter%5Bcreated-at-start%5D=yesterday", "page%5Bafter%5D=inq_unknown"] {
                let response = try await client.send("GET", "/api/v1/inquiries?" + query)
                #expect(response.status == 400)
                #expect(try response.firstError().title == "Bad request")
            }
            let empty = try await client.send("GET", "/api/v1/inquiries").decode(InquiryList.self)
            #expect(empty.data.isEmpty)
            #expect(empty.links.next == nil)
        }
    }

    @Test("an unknown filter[…] or page[…] parameter is a 400 naming it; other unknown parameters are ignored")
    func unknownParameters() async throws {
        try await withEmulator { client in
            _ = try await client.create(Bodies.create(reference: "alice"))
            for (query, name) in [
                ("filter%5Breference_id%5D=alice", "filter[reference_id]"),
                ("filter[referenceId]=alice", "filter[referenceId]"),
                ("filter%5Breference-id%5D=alice&filter%5Bnope%5D=1", "filter[nope]"),
                ("filter=alice", "filter"),
                ("page%5Bnumber%5D=2", "page[number]"),
                ("page%5Bsize%5D=5&page%5Boffset%5D=10", "page[offset]"),
            ] {
                let response = try await client.send("GET", "/api/v1/inquiries?" + query)
                #expect(response.status == 400, "\(query)")
                let error = try response.firstError()
                #expect(error.title == "Bad request")
                #expect(error.details?.contains("'\(name)'") == true, "\(error.details ?? "")")
                #expect(error.details?.contains(name.hasPrefix("page") ? "page[size]" : "filter[reference-id]") == true)
            }
            for query in ["include=account", "sort=-created-at", "filter%5Breference-id%5D=alice&utm=x"] {
                let response = try await client.send("GET", "/api/v1/inquiries?" + query)
                #expect(response.status == 200, "\(query)")
                #expect(try response.decode(InquiryList.self).data.count == 1)
            }
        }
    }
}
