import Foundation
import PersonaWire
import Testing

@testable import PersonaEmulator

@Suite("What an API version changes")
struct ResponseShapeTests {
    @Test("versions before 2025-10-27 answer in the legacy shape, later ones fields-only", arguments: PersonaVersion.known)
    func shapeOfEachVersion(_ version: PersonaVersion) {
        let shape = ResponseShape(version)
        #expect(shape == (version.rawValue >= "2025-10-27" ? .fieldsOnly : .legacy))
        #expect(shape.repeatsFieldsAsAttributes == (shape == .legacy))
        #expect(shape.inflectsFieldKeys == (shape == .legacy))
        #expect(shape.includesRelatedByDefault == (shape == .legacy))
        #expect(shape.acceptsUnlistedAttributes == (shape == .legacy))
    }
}

@Suite("Inquiry lifecycle (simulate actions)")
struct InquiryLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func lifecycle(after actions: [SimulateAction]) -> Result<InquiryLifecycle, SimulateRefusal> {
        var current = InquiryLifecycle()
        for action in actions {
            switch current.applying(action, at: now) {
            case .success(let next): current = next
            case .failure(let refusal): return .failure(refusal)
            }
        }
        return .success(current)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var actions: [SimulateAction]
        var expected: InquiryStatus?
        var testDescription: String {
            actions.map(\.rawValue).joined(separator: " → ") + " = " + (expected?.rawValue ?? "refused")
        }
    }

    static let cases: [Case] = [
        Case(actions: [.startInquiry], expected: .pending),
        Case(actions: [.completeInquiry], expected: .completed),
        Case(actions: [.startInquiry, .completeInquiry], expected: .completed),
        Case(actions: [.startInquiry, .failInquiry], expected: .failed),
        Case(actions: [.expireInquiry], expected: .expired),
        Case(actions: [.completeInquiry, .markForReviewInquiry], expected: .needsReview),
        Case(actions: [.completeInquiry, .approveInquiry], expected: .approved),
        Case(actions: [.completeInquiry, .markForReviewInquiry, .declineInquiry], expected: .declined),
        Case(actions: [.failInquiry, .declineInquiry], expected: .declined),
        Case(actions: [.createPassedVerification], expected: .created),
        Case(actions: [.approveInquiry], expected: nil),
        Case(actions: [.startInquiry, .startInquiry], expected: nil),
        Case(actions: [.expireInquiry, .completeInquiry], expected: nil),
        Case(actions: [.completeInquiry, .approveInquiry, .declineInquiry], expected: nil),
        Case(actions: [.markForReviewInquiry], expected: nil),
    ]

    @Test("each sequence of actions ends in its status, or is refused", arguments: cases)
    func transitions(_ testCase: Case) {
        switch Self.lifecycle(after: testCase.actions) {
        case .success(let lifecycle):
            #expect(lifecycle.status == testCase.expected)
        case .failure(let refusal):
            #expect(testCase.expected == nil, "refused: \(refusal)")
            #expect(refusal.apiError.status == .unprocessableContent)
        }
    }

    @Test("the times follow the status")
    func times() throws {
        let approved = try Self.lifecycle(after: [.completeInquiry, .approveInquiry]).get()
        #expect(approved.startedAt == Self.now && approved.completedAt == Self.now && approved.decisionedAt == Self.now)
        #expect(approved.failedAt == nil && approved.expiredAt == nil && approved.updatedAt == Self.now)
        let expired = try Self.lifecycle(after: [.expireInquiry]).get()
        #expect(expired.expiredAt == Self.now && expired.startedAt == nil)
    }
}

@Suite("Compact inquiry storage")
struct CompactStorageTests {
    @Test("a packed command unpacks to what was packed")
    func packedRoundTrip() {
        let command = CreateCommand(
            templateKind: .inquiryTemplateVersion, templateID: "itmplv_abc", referenceID: "ref-é-42",
            accountID: nil, note: String(repeating: "n", count: 300), tags: ["a", "", "ünï"],
            fields: [("address-street-1", "1 Main St"), ("custom-key", nil), ("name-first", ""), ("x-long", String(repeating: "v", count: 200))],
            autoCreateAccount: false)
        let packed = PackedCommand(command)
        let unpacked = packed.unpack()
        #expect(unpacked.templateKind == .inquiryTemplateVersion && unpacked.templateID == "itmplv_abc")
        #expect(unpacked.referenceID == "ref-é-42" && packed.referenceID == "ref-é-42")
        #expect(unpacked.accountID == nil && unpacked.note == command.note && unpacked.tags == command.tags)
        #expect(unpacked.fields.map(\.key) == command.fields.map(\.key))
        #expect(unpacked.fields.map(\.value) == command.fields.map(\.value))
        #expect(!unpacked.autoCreateAccount)
        let bare = PackedCommand(CreateCommand(
            templateKind: .legacyTemplate, templateID: "tmpl_x", referenceID: nil, accountID: "act_y", note: nil,
            tags: [], fields: [], autoCreateAccount: true))
        #expect(bare.referenceID == nil && bare.unpack().accountID == "act_y" && bare.unpack().templateKind == .legacyTemplate)
    }

    @Test("an inquiry id reads back to its position and random part; anything else is no id")
    func inquiryIDs() {
        for (random, sequence) in [(UInt64(0), 0), (UInt64.max, 999_999), (0x1234_5678_9ABC_DEF0, 42)] {
            let id = InquiryID(random: random, sequence: sequence)
            #expect(id.text.count == 28 && id.text.hasPrefix("inq_"))
            #expect(InquiryID(parsing: id.text) == id)
            #expect(id.autoCreatedAccountID.hasPrefix("act_") && id.autoCreatedAccountID.count == 32)
        }
        for text in ["inq_doesnotexist", "inq_", "act_1111111111111111111111111", "inq_0OIl11111111111111111111", "inq_zzzzzzzzzzzz111111111111"] {
            #expect(InquiryID(parsing: text) == nil, "\(text)")
        }
    }

    @Test("an id with the right position but another random part is not found")
    func forgedID() async throws {
        try await withEmulator { client in
            let id = try await client.create(Bodies.create()).decode(InquiryDocument.self).data.id
            let parsed = try #require(InquiryID(parsing: id))
            let forged = InquiryID(random: parsed.random &+ 1, sequence: parsed.sequence).text
            #expect(try await client.send("GET", "/api/v1/inquiries/\(id)").status == 200)
            #expect(try await client.send("GET", "/api/v1/inquiries/\(forged)").status == 404)
        }
    }
}
