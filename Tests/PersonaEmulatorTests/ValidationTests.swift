import PersonaEmulator
import PersonaWire
import Testing

@Suite("Create validation")
struct ValidationTests {
    @Test("a wrong template prefix is a 400 in Persona's words")
    func wrongPrefix() async throws {
        try await withEmulator { client in
            let response = try await client.create(Bodies.create(template: #""inquiry-template-id":"itm_zxDohzpCMnKNnj4no2dDuah8""#))
            #expect(response.status == 400)
            let error = try response.firstError()
            #expect(error.title == "Bad request")
            #expect(error.details == "data.attributes.inquiry_template_id must start with itmpl (sent 'itm_zxDohzpCMnKNnj4no2dDuah8')")
            let version = try await client.create(Bodies.create(template: #""inquiry-template-version-id":"itmpl_x""#))
            #expect(try version.firstError().details?.contains("inquiry_template_version_id must start with itmplv") == true)
            let legacy = try await client.create(Bodies.create(template: #""template-id":"itmpl_x""#))
            #expect(try legacy.firstError().details?.contains("template_id must start with tmpl") == true)
            #expect(try await client.create(Bodies.create(template: #""template-id":"tmpl_x""#)).status == 201)
        }
    }

    @Test("exactly one template is required")
    func exactlyOneTemplate() async throws {
        try await withEmulator { client in
            let none = try await client.create(#"{"data":{"attributes":{"reference-id":"x"}}}"#)
            #expect(none.status == 400)
            #expect(try none.firstError().details?.contains("exactly one") == true)
            let two = try await client.create(Bodies.create(template: #""inquiry-template-id":"itmpl_a","template-id":"tmpl_b""#))
            #expect(two.status == 400)
            #expect(try two.firstError().details?.contains("exactly one") == true)
        }
    }

    @Test("field values must be strings or null: 422 with source.pointer")
    func fieldTypes() async throws {
        try await withEmulator { client in
            for value in ["42", "true", #"{"a":"b"}"#, #"["x"]"#] {
                let response = try await client.create(Bodies.create(fields: #"{"name-first":"A","phone-number":\#(value)}"#))
                #expect(response.status == 422)
                let error = try response.firstError()
                #expect(error.source?.pointer == "/data/attributes/fields/phone-number")
                #expect(error.details?.contains("must be a string or null") == true)
            }
            #expect(try await client.create(Bodies.create(fields: #"{"name-middle":null}"#)).status == 201)
        }
    }

    @Test("birthdate must be a real YYYY-MM-DD date")
    func birthdate() async throws {
        try await withEmulator { client in
            for bad in ["1994-02-30", "1994-4-12", "12/04/1994", "1994-13-01", "", "1994-04-12T00:00:00Z"] {
                let response = try await client.create(Bodies.create(fields: #"{"birthdate":"\#(bad)"}"#))
                #expect(response.status == 422, "birthdate case \(bad.count) characters long")
                #expect(try response.firstError().source?.pointer == "/data/attributes/fields/birthdate")
            }
            #expect(try await client.create(Bodies.create(fields: #"{"birthdate":"2000-02-29"}"#)).status == 201)
        }
    }

    @Test("only known meta keys are allowed")
    func metaKeys() async throws {
        try await withEmulator { client in
            let bad = try await client.create(Bodies.create(meta: #"{"auto-create-account":true,"colour":"blue"}"#))
            #expect(bad.status == 400)
            #expect(try bad.firstError().details == "meta.colour is not a permitted parameter")
            let good = try await client.create(Bodies.create(meta: #"{"auto-create-account-reference-id":"c","expiration-after-create-interval-seconds":60}"#))
            #expect(good.status == 201)
            let snake = try await client.create(Bodies.create(meta: #"{"auto_create_account":false}"#))
            #expect(snake.status == 201)
        }
    }

    @Test("bad JSON is a 400")
    func badJSON() async throws {
        try await withEmulator { client in
            for body in ["{", "", #"{"data": }"#, "[1,2", #"{"data":{"attributes":{"inquiry-template-id":"itmpl_x"}}} trailing"#] {
                let response = try await client.create(body)
                #expect(response.status == 400)
                #expect(try response.firstError().title == "Bad request")
            }
            #expect(try await client.stats().inquiriesCreated == 0)
        }
    }

    @Test("Persona-Version must be a known value when sent")
    func personaVersion() async throws {
        try await withEmulator { client in
            let unknown = try await client.create(Bodies.create(), headers: [("Persona-Version", "2024-02-30")])
            #expect(unknown.status == 400)
            #expect(try unknown.firstError().details?.contains("Persona-Version") == true)
            for version in PersonaVersion.known {
                #expect(try await client.create(Bodies.create(), headers: [("Persona-Version", version.rawValue)]).status == 201)
            }
            #expect(try await client.create(Bodies.create()).status == 201)
        }
    }
}
