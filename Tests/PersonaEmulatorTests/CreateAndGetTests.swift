import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("Create and get inquiries")
struct CreateAndGetTests {
    @Test("a create answers 201 with a Persona-shaped inquiry, and GET returns it")
    func createThenGet() async throws {
        try await withEmulator { client in
            let created = try await client.create(Bodies.create(), headers: [("Persona-Version", "2023-01-05")])
            #expect(created.status == 201)
            #expect(created.header("Request-Id")?.hasPrefix("req_") == true)
            let document = try created.decode(InquiryDocument.self)
            let inquiry = document.data
            #expect(inquiry.type == "inquiry")
            #expect(inquiry.id.hasPrefix("inq_"))
            #expect(inquiry.id.count == 4 + 24)
            #expect(inquiry.id.dropFirst(4).allSatisfy { "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".contains($0) })
            #expect(inquiry.attributes.status == .created)
            #expect(inquiry.attributes.referenceID == "customer-42")
            #expect(inquiry.attributes.fields?["name-first"] == InquiryField(type: "string", value: "Jane"))
            #expect(inquiry.attributes.fields?["birthdate"] == InquiryField(type: "date", value: "1994-04-12"))
            #expect(inquiry.attributes.createdAt?.hasSuffix("Z") == true)
            #expect(inquiry.relationships?.inquiryTemplate?.data?.id == "itmpl_Test0000000000000000000")
            let json = try created.json()
            let attributes = (json["data"] as? [String: Any])?["attributes"] as? [String: Any]
            #expect(attributes?["name-first"] as? String == "Jane")

            let fetched = try await client.send("GET", "/api/v1/inquiries/\(inquiry.id)")
            #expect(fetched.status == 200)
            #expect(try fetched.decode(InquiryDocument.self) == document)

            let missing = try await client.send("GET", "/api/v1/inquiries/inq_doesnotexist")
            #expect(missing.status == 404)
            #expect(try missing.firstError().title == "Record not found")
        }
    }

    @Test("the PersonaWire request body is accepted as is")
    func wireRequestRoundTrip() async throws {
        try await withEmulator { client in
            let request = InquiryCreateRequest(
                attributes: InquiryCreateAttributes(
                    inquiryTemplateVersionID: "itmplv_abc", referenceID: "wire-1", note: "n", tags: ["a", "b"],
                    fields: PersonaFields([.init(key: "name-first", value: "Jo"), .init(key: "name-middle", value: nil)])),
                meta: InquiryCreateMeta([("auto-create-account", .bool(false)), ("one-time-link-expiration-seconds", .integer(60))]))
            let body = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
            let response = try await client.create(body)
            #expect(response.status == 201)
            let inquiry = try response.decode(InquiryDocument.self).data
            #expect(inquiry.attributes.tags == ["a", "b"])
            #expect(inquiry.attributes.note == "n")
            #expect(inquiry.attributes.fields?["name-middle"] == InquiryField(type: "string", value: nil))
            #expect(inquiry.relationships?.inquiryTemplateVersion?.data?.id == "itmplv_abc")
            #expect(inquiry.relationships?.account?.data == nil)
        }
    }

    @Test("Key-Inflection shapes response keys and request keys are accepted in any case")
    func keyInflection() async throws {
        try await withEmulator { client in
            let camelBody = #"{"data":{"attributes":{"inquiryTemplateId":"itmpl_x","referenceId":"r1","fields":{"nameFirst":"A","address_street_1":"B"}}}}"#
            // Field keys follow Key-Inflection before 2025-10-27 only.
            let camel = try await client.create(camelBody, headers: [("Key-Inflection", "camel"), ("Persona-Version", "2023-01-05")])
            #expect(camel.status == 201)
            #expect(camel.body.contains(#""referenceId":"r1""#))
            #expect(camel.body.contains(#""nameFirst":{"type":"string","value":"A"}"#))
            #expect(camel.body.contains(#""addressStreet1":{"type":"string","value":"B"}"#))
            #expect(camel.body.contains(#""inquiryTemplate":{"data""#))
            #expect(!camel.body.contains("reference-id"))

            let current = try await client.create(
                camelBody.replacingOccurrences(of: "r1", with: "r1b"), headers: [("Key-Inflection", "camel"), ("Persona-Version", "2025-12-08")])
            #expect(current.body.contains(#""referenceId":"r1b""#))
            #expect(current.body.contains(#""name-first":{"type":"string","value":"A"}"#))
            #expect(current.body.contains(#""address-street-1":{"type":"string","value":"B"}"#))
            #expect(current.body.contains(#""oneTimeLinkShort":null"#))

            let snake = try await client.create(Bodies.create(reference: "r2"), headers: [("Key-Inflection", "snake")])
            #expect(snake.body.contains(#""reference_id":"r2""#))
            #expect(snake.body.contains(#""created_at":"#))

            let kebab = try await client.create(Bodies.create(reference: "r3"))
            #expect(kebab.body.contains(#""reference-id":"r3""#))

            let bad = try await client.create(Bodies.create(), headers: [("Key-Inflection", "pascal")])
            #expect(bad.status == 400)
        }
    }

    @Test("camel request keys with digits land on the kebab field names")
    func camelDigits() async throws {
        try await withEmulator { client in
            let body = Bodies.create(fields: #"{"addressStreet1":"1 Main St","addressStreet2":"Apt 2","addressPostalCode":"94105"}"#)
            let response = try await client.create(body)
            #expect(response.status == 201)
            #expect(response.body.contains(#""address-street-1":{"type":"string","value":"1 Main St"}"#))
            #expect(response.body.contains(#""address-street-2":{"type":"string","value":"Apt 2"}"#))
            #expect(!response.body.contains("address-street1"))
            let inquiry = try response.decode(InquiryDocument.self).data
            #expect(inquiry.attributes.fields?.keys.sorted() == ["address-postal-code", "address-street-1", "address-street-2"])
        }
    }

    @Test("--key-inflection camel makes camel the default")
    func defaultCamel() async throws {
        try await withEmulator({ $0.defaultKeyInflection = .camel }) { client in
            let plain = try await client.create(Bodies.create())
            #expect(plain.body.contains(#""referenceId":"customer-42""#))
            let kebab = try await client.create(Bodies.create(), headers: [("Key-Inflection", "kebab")])
            #expect(kebab.body.contains(#""reference-id":"customer-42""#))
        }
    }

    @Test("--attribute-blocklist strips matching attributes, inside fields too")
    func blocklist() async throws {
        try await withEmulator({ $0.attributeBlocklist = ["name-*", "address-*"] }) { client in
            let body = Bodies.create(fields: #"{"name-first":"Jane","address-city":"Paris","birthdate":"1994-04-12"}"#)
            let response = try await client.create(body)
            #expect(response.status == 201)
            #expect(!response.body.contains("name-"))
            #expect(!response.body.contains("address-"))
            #expect(!response.body.contains("Jane"))
            #expect(response.body.contains(#""birthdate":{"type":"date","value":"1994-04-12"}"#))
            let inquiry = try response.decode(InquiryDocument.self).data
            #expect(inquiry.attributes.fields?.keys.sorted() == ["birthdate"])
        }
    }
}
