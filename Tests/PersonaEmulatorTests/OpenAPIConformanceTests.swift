import Foundation
import JSON
import JSONSchema
import PersonaEmulator
import PersonaWire
import Testing

/// The emulator's answers validated against Persona's published OpenAPI documents, for both
/// versions, every endpoint it serves and every status it answers with.
@Suite("OpenAPI conformance")
struct OpenAPIConformanceTests {
    static let versions = ["2023-01-05", "2025-12-08"]
    static let production = "persona_production_00000000-0000-4000-8000-000000000000"

    /// One answer, filed under the operation the document describes it by.
    struct Answer {
        var method: String
        var path: String
        var response: TestResponse
        var label: String { "\(method) \(path) \(response.status)" }
    }

    /// Every (operation, status) the emulator serves; the test fails when an answer falls
    /// outside it or one of these is never exercised.
    static let served: Set<String> = [
        "POST /inquiries 201", "POST /inquiries 400", "POST /inquiries 401", "POST /inquiries 403",
        "POST /inquiries 409", "POST /inquiries 422", "POST /inquiries 429", "POST /inquiries 413",
        "POST /inquiries 500", "GET /inquiries 200", "GET /inquiries 400", "GET /inquiries 401",
        "GET /inquiries 429", "PUT /inquiries 405", "GET /inquiries/{inquiry-id} 200",
        "GET /inquiries/{inquiry-id} 401", "GET /inquiries/{inquiry-id} 404", "GET /inquiries/{inquiry-id} 429",
        "POST /inquiries/{inquiry-id}/generate-one-time-link 200",
        "POST /inquiries/{inquiry-id}/generate-one-time-link 400",
        "POST /inquiries/{inquiry-id}/generate-one-time-link 401",
        "POST /inquiries/{inquiry-id}/generate-one-time-link 403",
        "POST /inquiries/{inquiry-id}/generate-one-time-link 404",
        "POST /inquiries/{inquiry-id}/generate-one-time-link 422",
        "POST /inquiries/{inquiry-id}/generate-one-time-link 429",
        "POST /inquiries/{inquiry-id}/perform-simulate-actions 200",
        "POST /inquiries/{inquiry-id}/perform-simulate-actions 400",
        "POST /inquiries/{inquiry-id}/perform-simulate-actions 401",
        "POST /inquiries/{inquiry-id}/perform-simulate-actions 403",
        "POST /inquiries/{inquiry-id}/perform-simulate-actions 404",
        "POST /inquiries/{inquiry-id}/perform-simulate-actions 422",
        "POST /inquiries/{inquiry-id}/perform-simulate-actions 429",
        "GET /rate-limits 200", "GET /rate-limits 401", "GET /rate-limits 429", "GET /no-such-endpoint 404",
    ]
    /// The served statuses the document lists for no operation: checked against its widest
    /// error schema instead.
    static let undocumented: Set<String> = [
        "POST /inquiries 413", "POST /inquiries 500", "PUT /inquiries 405", "GET /no-such-endpoint 404",
    ]

    @Test("every answer validates against the published schema", arguments: versions)
    func answersConform(version: String) async throws {
        let api = try PublishedAPI(version: version)
        let answers = try await Self.exercise(version: version)
        var seen: Set<String> = []
        for answer in answers {
            seen.insert(answer.label)
            let schema: JSONSchema
            if let documented = try api.responseSchema(answer.method, answer.path, status: answer.response.status) {
                #expect(!Self.undocumented.contains(answer.label), "\(answer.label) is documented after all")
                schema = documented
            } else {
                #expect(Self.undocumented.contains(answer.label), "\(answer.label): the document lists no such answer")
                schema = try api.genericErrorSchema()
            }
            let body = try JSONValue(parsing: answer.response.body)
            let problems = schema.validate(body).map(\.description)
            #expect(problems.isEmpty, "\(version) \(answer.label): \(problems)")
            if answer.response.status != 401, answer.path != "/no-such-endpoint" {
                #expect(answer.response.header("Request-Id")?.hasPrefix("req_") == true, "\(answer.label)")
                #expect(answer.response.header("RateLimit-Limit").flatMap(Int.init) != nil, "\(answer.label)")
            }
        }
        #expect(seen == Self.served, "not exercised: \(Self.served.subtracting(seen).sorted()); unexpected: \(seen.subtracting(Self.served).sorted())")
    }

    @Test("the importer's create body validates against the published request schema", arguments: versions)
    func importerRequestConforms(version: String) throws {
        let api = try PublishedAPI(version: version)
        let request = InquiryCreateRequest(
            attributes: InquiryCreateAttributes(
                inquiryTemplateID: "itmpl_Test0000000000000000000", referenceID: "customer-42", note: "nightly",
                tags: ["nightly"],
                fields: PersonaFields([.init(key: "name-first", value: "Jane"), .init(key: "birthdate", value: "1994-04-12"),
                                       .init(key: "address-country-code", value: "US"), .init(key: "name-middle", value: nil)])),
            meta: InquiryCreateMeta([("auto-create-account-reference-id", .string("customer-42")),
                                     ("auto-create-one-time-link", .bool(true))]))
        let body = try JSONValue(parsing: JSONEncoder().encode(request))
        #expect(try api.requestSchema("POST", "/inquiries").validate(body).map(\.description) == [])
    }

    // MARK: The scenario

    /// Drives one emulator through every served answer under `version` and returns them.
    static func exercise(version: String) async throws -> [Answer] {
        var answers: [Answer] = []
        try await withEmulator({ configuration in
            configuration.readOnlyKeys = ["persona_sandbox_read_only"]
            configuration.apiKeys.append(production)
            configuration.maxBodyBytes = 4096
        }) { client in
            answers = try await exerciseEndpoints(client, version: version)
        }
        try await withEmulator({ configuration in
            configuration.rateLimit = RateLimitRule(limit: 1, period: .seconds(3600))
        }) { client in
            answers += try await exerciseRateLimit(client, version: version)
        }
        try await withEmulator({ configuration in
            configuration.faults.serverError = 1
            configuration.seed = 1
        }) { client in
            var response = try await client.create(Bodies.create(), headers: [("Persona-Version", version)])
            // The fault picks 500, 502 or 503; the document lists none, and they share one body shape.
            response.status = response.status / 100 == 5 ? 500 : response.status
            answers.append(Answer(method: "POST", path: "/inquiries", response: response))
        }
        return answers
    }

    private static func exerciseEndpoints(_ client: EmulatorClient, version: String) async throws -> [Answer] {
        var answers: [Answer] = []
        let versioned = [("Persona-Version", version)]
        func record(_ method: String, _ path: String, _ target: String, key: String? = EmulatorClient.key,
                    body: String? = nil) async throws -> TestResponse {
            let response = try await client.send(method, "/api/v1" + target, key: key, headers: versioned, body: body)
            answers.append(Answer(method: method, path: path, response: response))
            return response
        }
        let create = "/inquiries", one = "/inquiries/{inquiry-id}"
        let link = one + "/generate-one-time-link", simulate = one + "/perform-simulate-actions"

        let created = try await record("POST", create, "/inquiries", body: Bodies.create(
            meta: #"{"auto-create-one-time-link":true,"auto-create-inquiry-session":true}"#))
        let id = try created.decode(InquiryDocument.self).data.id
        _ = try await record("POST", create, "/inquiries", body: Bodies.create(reference: "bad", template: #""inquiry-template-id":"tmpl_wrong""#))
        _ = try await record("POST", create, "/inquiries", key: "persona_sandbox_unknown", body: Bodies.create())
        _ = try await record("POST", create, "/inquiries", key: "persona_sandbox_read_only", body: Bodies.create())
        _ = try await record("POST", create, "/inquiries", body: Bodies.create(fields: #"{"birthdate":"1994-02-30"}"#))
        _ = try await record("POST", create, "/inquiries", body: Bodies.create(reference: String(repeating: "x", count: 5000)))
        let first = try await client.create(Bodies.create(reference: "same-key"), idempotencyKey: "k1", headers: versioned)
        answers.append(Answer(method: "POST", path: create, response: first))
        let conflict = try await client.create(Bodies.create(reference: "other"), idempotencyKey: "k1", headers: versioned)
        answers.append(Answer(method: "POST", path: create, response: conflict))
        let replay = try await client.create(Bodies.create(reference: "same-key"), idempotencyKey: "k1", headers: versioned)
        answers.append(Answer(method: "POST", path: create, response: replay))
        answers.append(Answer(method: "PUT", path: create, response: try await client.send("PUT", "/api/v1/inquiries", headers: versioned)))

        _ = try await record("GET", one, "/inquiries/\(id)")
        _ = try await record("GET", one, "/inquiries/\(id)?include=sessions")
        _ = try await record("GET", one, "/inquiries/inq_doesnotexist")
        _ = try await record("GET", one, "/inquiries/\(id)", key: nil)
        _ = try await record("GET", create, "/inquiries?filter%5Binquiry-id%5D=\(id)&filter%5Bstatus%5D=created&page%5Bsize%5D=5")
        _ = try await record("GET", create, "/inquiries?filter%5Breference_id%5D=x")
        _ = try await record("GET", create, "/inquiries", key: nil)

        _ = try await record("POST", link, "/inquiries/\(id)/generate-one-time-link", body: #"{"meta":{"expires-in-seconds":3600}}"#)
        _ = try await record("POST", link, "/inquiries/\(id)/generate-one-time-link")
        _ = try await record("POST", link, "/inquiries/\(id)/generate-one-time-link", body: #"{"meta":{"expires-in-seconds":0}}"#)
        _ = try await record("POST", link, "/inquiries/inq_doesnotexist/generate-one-time-link")
        _ = try await record("POST", link, "/inquiries/\(id)/generate-one-time-link", key: nil)
        _ = try await record("POST", link, "/inquiries/\(id)/generate-one-time-link", key: "persona_sandbox_read_only")

        let actions = #"{"meta":{"simulate-actions":[{"type":"start_inquiry"},{"type":"complete_inquiry"},{"type":"approve_inquiry"}]}}"#
        _ = try await record("POST", simulate, "/inquiries/\(id)/perform-simulate-actions", body: actions)
        _ = try await record("POST", simulate, "/inquiries/\(id)/perform-simulate-actions", body: actions)
        _ = try await record("POST", simulate, "/inquiries/\(id)/perform-simulate-actions", body: #"{"meta":{"simulate-actions":[{"type":"levitate"}]}}"#)
        _ = try await record("POST", simulate, "/inquiries/inq_doesnotexist/perform-simulate-actions", body: actions)
        _ = try await record("POST", simulate, "/inquiries/\(id)/perform-simulate-actions", key: nil, body: actions)
        _ = try await record("POST", simulate, "/inquiries/\(id)/perform-simulate-actions", key: production, body: actions)
        _ = try await record("POST", link, "/inquiries/\(id)/generate-one-time-link")  // approved: 422
        _ = try await record("GET", one, "/inquiries/\(id)")
        _ = try await record("GET", create, "/inquiries?filter%5Bstatus%5D=approved")

        _ = try await record("GET", "/rate-limits", "/rate-limits")
        _ = try await record("GET", "/rate-limits", "/rate-limits", key: nil)
        answers.append(Answer(method: "GET", path: "/no-such-endpoint", response: try await client.send("GET", "/api/v1/no-such-endpoint", headers: versioned)))
        return answers
    }

    /// Under a limit of one request an hour: one answer, then a 429 from every endpoint.
    private static func exerciseRateLimit(_ client: EmulatorClient, version: String) async throws -> [Answer] {
        let versioned = [("Persona-Version", version)]
        let created = try await client.create(Bodies.create(), headers: versioned)
        var answers = [Answer(method: "POST", path: "/inquiries", response: created)]
        let id = try created.decode(InquiryDocument.self).data.id
        for (method, path, target, body) in [
            ("POST", "/inquiries", "/inquiries", Bodies.create()),
            ("GET", "/inquiries", "/inquiries", nil),
            ("GET", "/inquiries/{inquiry-id}", "/inquiries/\(id)", nil),
            ("POST", "/inquiries/{inquiry-id}/generate-one-time-link", "/inquiries/\(id)/generate-one-time-link", nil),
            ("POST", "/inquiries/{inquiry-id}/perform-simulate-actions", "/inquiries/\(id)/perform-simulate-actions", "{}"),
            ("GET", "/rate-limits", "/rate-limits", nil),
        ] as [(String, String, String, String?)] {
            let response = try await client.send(method, "/api/v1" + target, headers: versioned, body: body)
            #expect(response.status == 429, "\(method) \(target)")
            answers.append(Answer(method: method, path: path, response: response))
        }
        return answers
    }
}
