import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("API versions, one-time links and simulate actions")
struct VersionsAndLinksTests {
    static let legacy = [("Persona-Version", "2023-01-05")]
    static let current = [("Persona-Version", "2025-12-08")]

    static func attributes(_ response: TestResponse) throws -> [String: Any] {
        try #require((try response.json()["data"] as? [String: Any])?["attributes"] as? [String: Any])
    }

    @Test("2023-01-05 repeats the person's data as attributes; 2025-12-08 keeps it in fields only")
    func personalDataPlacement() async throws {
        try await withEmulator { client in
            let old = try await client.create(Bodies.create(reference: "a"), headers: Self.legacy)
            #expect(try Self.attributes(old)["name-first"] as? String == "Jane")
            let new = try await client.create(Bodies.create(reference: "b"), headers: Self.current)
            #expect(try Self.attributes(new)["name-first"] == nil)
            #expect((try Self.attributes(new)["fields"] as? [String: Any])?["name-first"] != nil)
            let id = try new.decode(InquiryDocument.self).data.id
            let asOld = try await client.send("GET", "/api/v1/inquiries/\(id)", headers: Self.legacy)
            #expect(try Self.attributes(asOld)["name-first"] as? String == "Jane")
            #expect(try asOld.json()["included"] != nil)
            let asNew = try await client.send("GET", "/api/v1/inquiries/\(id)", headers: Self.current)
            #expect(try asNew.json()["included"] == nil)
        }
    }

    @Test("without Persona-Version the key's default version applies")
    func defaultVersion() async throws {
        try await withEmulator({ $0.defaultVersion = .v2023_01_05 }) { client in
            let created = try await client.create(Bodies.create())
            #expect(try Self.attributes(created)["name-first"] as? String == "Jane")
        }
        try await withEmulator { client in
            let created = try await client.create(Bodies.create())
            #expect(try Self.attributes(created)["name-first"] == nil)
        }
    }

    @Test("2025-12-08 refuses prefill outside fields; 2023-01-05 takes it as prefill")
    func topLevelPrefill() async throws {
        try await withEmulator { client in
            let body = #"{"data":{"attributes":{"inquiry-template-id":"itmpl_x","reference-id":"r","name-last":"Top","fields":{"name-first":"A"}}}}"#
            let refused = try await client.create(body, headers: Self.current)
            #expect(refused.status == 400)
            #expect(try refused.firstError().details?.contains("name_last is not a permitted parameter") == true)
            let taken = try await client.create(body, headers: Self.legacy)
            #expect(taken.status == 201)
            let fields = try taken.decode(InquiryDocument.self).data.attributes.fields
            #expect(fields?["name-last"]?.value == "Top" && fields?["name-first"]?.value == "A")
        }
    }

    @Test("a create that asks for a link and a session gets them, a replay gets the same, and the link opens once")
    func autoCreatedLink() async throws {
        try await withEmulator { client in
            let body = Bodies.create(meta: #"{"auto-create-one-time-link":true,"auto-create-inquiry-session":true}"#)
            let created = try await client.create(body, idempotencyKey: "k", headers: Self.current)
            let meta = try #require(try created.json()["meta"] as? [String: Any])
            let link = try #require(meta["one-time-link"] as? String)
            let short = try #require(meta["one-time-link-short"] as? String)
            #expect(link.hasPrefix(client.baseURL + "/verify?code=") && short.hasPrefix(client.baseURL + "/v/"))
            #expect((meta["session-token"] as? String)?.isEmpty == false)
            let replay = try await client.create(body, idempotencyKey: "k", headers: Self.current)
            #expect(replay.body == created.body)

            let path = String(link.dropFirst(client.baseURL.count))
            #expect(try await client.send("GET", path, key: nil).status == 200)
            #expect(try await client.send("GET", path, key: nil).status == 410)
            #expect(try await client.send("GET", "/verify?code=nope", key: nil).status == 404)

            let plain = try await client.create(Bodies.create(reference: "plain"), headers: Self.current)
            let plainMeta = try #require(try plain.json()["meta"] as? [String: Any])
            #expect(plainMeta["one-time-link"] is NSNull && plainMeta["session-token"] is NSNull)
        }
    }

    @Test("generate-one-time-link issues a fresh link that expires after expires-in-seconds")
    func generatedLink() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({ $0.clock = clock }) { client in
            let id = try await client.create(Bodies.create()).decode(InquiryDocument.self).data.id
            let answer = try await client.send(
                "POST", "/api/v1/inquiries/\(id)/generate-one-time-link", body: #"{"meta":{"expires-in-seconds":60}}"#)
            #expect(answer.status == 200)
            #expect(try answer.decode(InquiryDocument.self).data.id == id)
            let link = try #require((try answer.json()["meta"] as? [String: Any])?["one-time-link-short"] as? String)
            clock.advance(by: .seconds(61))
            #expect(try await client.send("GET", String(link.dropFirst(client.baseURL.count)), key: nil).status == 410)
            let bad = try await client.send("POST", "/api/v1/inquiries/\(id)/generate-one-time-link", body: #"{"meta":{"expires-in-seconds":-5}}"#)
            #expect(bad.status == 400)
        }
    }

    @Test("simulate actions move an inquiry through its statuses, and the list filters by status and id")
    func simulateAndFilter() async throws {
        try await withEmulator { client in
            var ids: [String] = []
            for reference in ["s1", "s2", "s3"] {
                ids.append(try await client.create(Bodies.create(reference: reference)).decode(InquiryDocument.self).data.id)
            }
            let approve = #"{"meta":{"simulate-actions":[{"type":"start_inquiry"},{"type":"complete_inquiry"},{"type":"approve_inquiry"}]}}"#
            let moved = try await client.send("POST", "/api/v1/inquiries/\(ids[1])/perform-simulate-actions", body: approve)
            #expect(moved.status == 200)
            #expect(try moved.decode(InquiryDocument.self).data.attributes.status == .approved)
            #expect(try Self.attributes(moved)["decisioned-at"] is String)
            let again = try await client.send("POST", "/api/v1/inquiries/\(ids[1])/perform-simulate-actions", body: approve)
            #expect(again.status == 422)

            let approved = try await client.send("GET", "/api/v1/inquiries?filter%5Bstatus%5D=approved")
            #expect(try approved.decode(InquiryList.self).data.map(\.id) == [ids[1]])
            let byID = try await client.send("GET", "/api/v1/inquiries?filter%5Binquiry-id%5D=\(ids[0]),\(ids[2]),inq_unknown")
            #expect(try byID.decode(InquiryList.self).data.map(\.id) == [ids[2], ids[0]])
            let tooMany = (0...100).map { _ in ids[0] }.joined(separator: ",")
            #expect(try await client.send("GET", "/api/v1/inquiries?filter%5Binquiry-id%5D=\(tooMany)").status == 400)
        }
    }

    @Test("simulate actions are refused for production keys")
    func sandboxOnly() async throws {
        let production = "persona_production_00000000-0000-4000-8000-000000000000"
        try await withEmulator({ $0.apiKeys = [production] }) { client in
            let id = try await client.create(Bodies.create(), key: production).decode(InquiryDocument.self).data.id
            let refused = try await client.send(
                "POST", "/api/v1/inquiries/\(id)/perform-simulate-actions", key: production,
                body: #"{"meta":{"simulate-actions":[{"type":"start_inquiry"}]}}"#)
            #expect(refused.status == 403)
        }
    }
}
