import PersonaEmulator
import PersonaWire
import Testing

@Suite("Authentication and permissions")
struct AuthTests {
    @Test("a missing or unknown key is a 401 with Persona's body and no rate-limit headers")
    func unauthorized() async throws {
        try await withEmulator { client in
            for key in [nil, "persona_sandbox_wrong"] as [String?] {
                let response = try await client.create(Bodies.create(), key: key)
                #expect(response.status == 401)
                #expect(try response.firstError().title == "Unauthorized")
                #expect(response.header("RateLimit-Limit") == nil)
            }
            let list = try await client.send("GET", "/api/v1/inquiries", key: nil)
            #expect(list.status == 401)
            #expect(try await client.stats().inquiriesCreated == 0)
        }
    }

    @Test("the default sandbox key works; configured keys replace it")
    func configuredKeys() async throws {
        #expect(EmulatorConfiguration.defaultAPIKey == "persona_sandbox_00000000-0000-4000-8000-000000000000")
        try await withEmulator({ $0.apiKeys = ["persona_sandbox_a", "persona_production_b"] }) { client in
            let sandbox = try await client.create(Bodies.create(), key: "persona_sandbox_a")
            let production = try await client.create(Bodies.create(), key: "persona_production_b")
            let replaced = try await client.create(Bodies.create(), key: EmulatorConfiguration.defaultAPIKey)
            #expect(sandbox.status == 201)
            #expect(production.status == 201)
            #expect(replaced.status == 401)
        }
    }

    @Test("a read-only key gets 403 on create but can read")
    func readOnly() async throws {
        try await withEmulator({ $0.readOnlyKeys = ["persona_sandbox_reader"] }) { client in
            let denied = try await client.create(Bodies.create(), key: "persona_sandbox_reader")
            #expect(denied.status == 403)
            #expect(try denied.firstError().details?.contains("inquiry.write") == true)
            #expect(try await client.send("GET", "/api/v1/inquiries", key: "persona_sandbox_reader").status == 200)
            #expect(try await client.stats().inquiriesCreated == 0)
        }
    }
}
