import Foundation
import ImportCore
@testable import PersonaClient
import PersonaWire
import Testing

@Suite struct RequestBodyTests {
    let draft = InquiryDraft(
        template: .inquiryTemplate("itmpl_abc"), referenceID: "cust-1",
        fields: [("name-first", "Zoë \"Q\""), ("address-street-1", "1 Main St\nApt 2"), ("name-last", "O\\Brien\u{01}")],
        tags: ["nightly"], note: "n", meta: [("auto-create-account", .bool(false)), ("one-time-link-expiration-seconds", .integer(60))])

    @Test func decodesAsPersonasCreateRequest() throws {
        let body = InquiryRequestBody(draft)
        let decoded = try JSONDecoder().decode(InquiryCreateRequest.self, from: Data(body.bytes))
        let attributes = decoded.data.attributes
        #expect(attributes.inquiryTemplateID == "itmpl_abc")
        #expect(attributes.referenceID == "cust-1")
        #expect(attributes.tags == ["nightly"])
        #expect(attributes.note == "n")
        #expect(attributes.fields?["name-first"] == "Zoë \"Q\"")
        #expect(attributes.fields?["address-street-1"] == "1 Main St\nApt 2")
        #expect(attributes.fields?["name-last"] == "O\\Brien\u{01}")
        #expect(decoded.meta?["auto-create-account"] == .bool(false))
        #expect(decoded.meta?["one-time-link-expiration-seconds"] == .integer(60))
    }

    @Test func theSameDraftGivesTheSameBytesAndDigest() {
        let first = InquiryRequestBody(draft), second = InquiryRequestBody(draft)
        #expect(first == second)
        #expect(first.sha256 == second.sha256)
        #expect(first.sha256.count == 64)
        var other = draft
        other.referenceID = "cust-2"
        #expect(InquiryRequestBody(other).sha256 != first.sha256)
    }

    /// The exact bytes: a body recorded in a ledger must be the one a later build sends again.
    @Test func theBytesAreFixed() {
        let expected = #"{"data":{"attributes":{"inquiry-template-id":"itmpl_abc","reference-id":"cust-1","note":"n","#
            + #""tags":["nightly"],"fields":{"name-first":"Zoë \"Q\"","address-street-1":"1 Main St\nApt 2","#
            + #""name-last":"O\\Brien\u0001"}}},"meta":{"auto-create-account":false,"one-time-link-expiration-seconds":60}}"#
        #expect(String(decoding: InquiryRequestBody(draft).bytes, as: UTF8.self) == expected)
    }

    @Test func eachTemplateKindUsesItsOwnAttribute() throws {
        for (template, key) in [
            (InquiryDraft.Template.inquiryTemplateVersion("itmplv_1"), "inquiry-template-version-id"),
            (.legacyTemplate("tmpl_1"), "template-id"),
        ] {
            let text = String(decoding: InquiryRequestBody(InquiryDraft(template: template)).bytes, as: UTF8.self)
            #expect(text.contains("\"\(key)\""))
        }
    }
}

@Suite struct CreateResponseTests {
    @Test func onlyDataIDIsReliedOnWhateverTheInflection() {
        let camel = #"{"data":{"type":"inquiry","id":"inq_1","attributes":{"referenceId":"x"}}}"#
        let stripped = #"{"data":{"id":"inq_2"}}"#
        #expect(CreateResponse.classify(status: 201, body: Array(camel.utf8)) == .created(inquiryID: "inq_1"))
        #expect(CreateResponse.classify(status: 200, body: Array(stripped.utf8)) == .created(inquiryID: "inq_2"))
        guard case .serverError = CreateResponse.classify(status: 201, body: Array("{}".utf8)) else {
            Issue.record("a success without data.id has an unknown outcome")
            return
        }
    }

    @Test func statusesMapToWhatTheRunDoes() {
        func error(_ title: String) -> [UInt8] { Array(#"{"errors":[{"title":"\#(title)","details":"d","source":{"pointer":"/data"}}]}"#.utf8) }
        #expect(CreateResponse.classify(status: 422, body: error("Unprocessable entity"))
            == .refused(PersonaFailure(status: 422, title: "Unprocessable entity", details: "d", pointer: "/data")))
        for status in [400, 404, 409] {
            guard case .refused = CreateResponse.classify(status: status, body: error("x")) else {
                Issue.record("\(status) is a permanent failure")
                continue
            }
        }
        #expect(CreateResponse.classify(status: 429, body: error("Rate limit exceeded")).limitKind == .rate)
        #expect(CreateResponse.classify(status: 429, body: error("Quota exceeded")).limitKind == .quota)
        #expect(CreateResponse.classify(status: 403, body: error("Quota exceeded")).limitKind == .quota)
        guard case .keyRejected = CreateResponse.classify(status: 403, body: error("Forbidden")),
              case .keyRejected = CreateResponse.classify(status: 401, body: Array("not json".utf8)),
              case .serverError(let failure) = CreateResponse.classify(status: 503, body: [])
        else {
            Issue.record("401 and a 403 that is not a quota stop the run; 5xx is a server error")
            return
        }
        #expect(failure.description == "503 Service unavailable")
    }

    @Test func aFailureReadsLikeAMessage() {
        let failure = PersonaFailure(status: 400, title: "Bad request", details: "must start with itmpl", pointer: "/data/attributes/inquiry-template-id")
        #expect(failure.description == "400 Bad request: must start with itmpl (at /data/attributes/inquiry-template-id)")
    }
}

@Suite struct APIBaseTests {
    @Test func httpsAnywhereAndHTTPOnlyOnLoopback() throws {
        #expect(try APIBase("https://api.withpersona.com/api/v1/").url == "https://api.withpersona.com/api/v1")
        #expect(try APIBase("http://127.0.0.1:8080/api/v1").url == "http://127.0.0.1:8080/api/v1")
        #expect(try APIBase("http://localhost:1/api/v1").url == "http://localhost:1/api/v1")
        #expect(try APIBase("http://[::1]:9/api/v1").url == "http://[::1]:9/api/v1")
        for refused in ["http://api.withpersona.com/api/v1", "http://10.0.0.1/api/v1", "ftp://x/y", "not a url", "https://user:pw@host/api"] {
            #expect(throws: ClientError.self, "\(refused)") { try APIBase(refused) }
        }
    }

    @Test func aKeyIsCheckedForShapeAndItsEnvironmentKnown() throws {
        let base = try APIBase("https://api.withpersona.com/api/v1")
        #expect(try ClientConfiguration(base: base, apiKey: "persona_production_x\n", userAgent: "t", maxConnections: 1).keyEnvironment == .production)
        #expect(try ClientConfiguration(base: base, apiKey: "persona_sandbox_x", userAgent: "t", maxConnections: 1).keyEnvironment == .sandbox)
        #expect(throws: ClientError.self) { try ClientConfiguration(base: base, apiKey: "  ", userAgent: "t", maxConnections: 1) }
        #expect(throws: ClientError.self) { try ClientConfiguration(base: base, apiKey: "a b", userAgent: "t", maxConnections: 1) }
    }
}
