import Crypto
import Foundation
@testable import ImportLedger
import Logging
import Testing
import WebhookReceiver

/// An inquiry event as Persona sends it, with the person's fields in the payload.
func eventBody(id: String = "evt_1", name: String, inquiry: String = "inq_1", status: String?, at createdAt: String) -> [UInt8] {
    let statusText = status.map { #","status":"\#($0)""# } ?? ""
    return Array(#"""
        {"data":{"type":"event","id":"\#(id)","attributes":{"name":"\#(name)","created-at":"\#(createdAt)",
        "payload":{"data":{"type":"inquiry","id":"\#(inquiry)","attributes":{"name-first":"Secretname"\#(statusText)}}}}}}
        """#.utf8)
}

@Suite("Persona-Signature")
struct WebhookSignatureTests {
    static let secret = SymmetricKey(data: Data("whsec_current".utf8))
    static let old = SymmetricKey(data: Data("whsec_old".utf8))
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let body = Array(#"{"data":{}}"#.utf8)

    static func verify(_ header: String?, secrets: [SymmetricKey] = [secret], body: [UInt8] = body) -> Result<Int, WebhookRefusal> {
        WebhookSignature.verify(header: header, body: body, secrets: secrets, now: now, tolerance: 300)
    }

    @Test func aSignatureOverTheBodyWithTheSecretIsAccepted() {
        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, time: 1_800_000_000 - 10)
        #expect(Self.verify(header) == .success(1_800_000_000 - 10))
    }

    @Test func anotherBodyOrSecretIsRefused() {
        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, time: 1_800_000_000)
        #expect(Self.verify(header, body: Array(#"{"data":{"x":1}}"#.utf8)) == .failure(.signatureMismatch))
        #expect(Self.verify(header, secrets: [Self.old]) == .failure(.signatureMismatch))
    }

    @Test func aSignatureOlderOrNewerThanTheToleranceIsStale() {
        let old = WebhookSignature.header(body: Self.body, secret: Self.secret, time: 1_800_000_000 - 301)
        #expect(Self.verify(old) == .failure(.stale(seconds: 301)))
        let future = WebhookSignature.header(body: Self.body, secret: Self.secret, time: 1_800_000_000 + 600)
        #expect(Self.verify(future) == .failure(.stale(seconds: -600)))
    }

    @Test func aSignedTimeAtTheEdgesOfIntIsStaleWithoutOverflow() {
        for time in [Int.min + 1, Int.max - 1] {
            let header = WebhookSignature.header(body: Self.body, secret: Self.secret, time: time)
            guard case .failure(.stale) = Self.verify(header) else {
                Issue.record("time \(time) was not refused as stale")
                continue
            }
        }
    }

    @Test func duringARotationEitherPairMayMatch() {
        let time = 1_800_000_000
        let withOld = WebhookSignature.header(body: Self.body, secret: Self.old, time: time)
        let withNew = WebhookSignature.header(body: Self.body, secret: Self.secret, time: time)
        #expect(Self.verify(withOld + " " + withNew) == .success(time))
        #expect(Self.verify(withNew + " " + withOld) == .success(time))
        // The receiver may hold both secrets while it rotates too.
        #expect(Self.verify(withOld, secrets: [Self.secret, Self.old]) == .success(time))
    }

    @Test func aMissingOrMalformedHeaderIsRefused() {
        #expect(Self.verify(nil) == .failure(.missingSignature))
        #expect(Self.verify("") == .failure(.missingSignature))
        #expect(Self.verify("v1=abcd") == .failure(.malformedSignature))
        #expect(Self.verify("t=1800000000,v1=zz") == .failure(.malformedSignature))
        #expect(Self.verify("t=soon,v1=" + String(repeating: "ab", count: 32)) == .failure(.malformedSignature))
    }
}

@Suite("Webhook events into the ledger")
struct WebhookDeliveryTests {
    static let secret = SymmetricKey(data: Data("whsec_current".utf8))
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func receiver(_ store: any InquiryStatusStore) -> WebhookReceiver {
        var logger = Logger(label: "webhook-tests")
        logger.logLevel = .critical
        return WebhookReceiver(configuration: .init(secrets: [secret]), store: store, logger: logger, now: { now })
    }

    static func deliver(_ receiver: WebhookReceiver, _ body: [UInt8], secret: SymmetricKey = secret, time: Int = 1_800_000_000)
        -> WebhookReceiver.Outcome
    {
        receiver.deliver(signature: WebhookSignature.header(body: body, secret: secret, time: time), body: body)
    }

    @Test func eventsAreAppliedOnceAndAnOlderOneChangesNothing() throws {
        let ledger = InMemoryLedger()
        let receiver = Self.receiver(ledger)
        let completed = eventBody(id: "evt_2", name: "inquiry.completed", status: "completed", at: "2027-01-15T08:00:10.000Z")
        let approved = eventBody(id: "evt_3", name: "inquiry.approved", status: "approved", at: "2027-01-15T08:00:20.000Z")
        let started = eventBody(id: "evt_1", name: "inquiry.started", status: "pending", at: "2027-01-15T08:00:00.000Z")

        #expect(Self.deliver(receiver, completed) == .init(status: .ok, message: "recorded"))
        #expect(Self.deliver(receiver, approved).message == "recorded")
        #expect(Self.deliver(receiver, approved).message == "older than what is held: nothing changed")  // a repeat
        #expect(Self.deliver(receiver, started).message == "older than what is held: nothing changed")  // out of order
        let held = try #require(ledger.withStatuses { $0 }["inq_1"])
        #expect(held.status == "approved")
    }

    @Test func refusedDeliveriesRecordNothing() throws {
        let ledger = InMemoryLedger()
        let receiver = Self.receiver(ledger)
        let body = eventBody(name: "inquiry.approved", status: "approved", at: "2027-01-15T08:00:20.000Z")
        #expect(Self.deliver(receiver, body, secret: SymmetricKey(data: Data("wrong".utf8))).status == .unauthorized)
        #expect(Self.deliver(receiver, body, time: 1_800_000_000 - 3600).status == .unauthorized)
        #expect(receiver.deliver(signature: nil, body: body).status == .badRequest)
        #expect(Self.deliver(receiver, Array("not json".utf8)).status == .badRequest)
        #expect(ledger.withStatuses { $0 }.isEmpty)
    }

    @Test func aStatusIsTakenFromTheEventNameWhenThePayloadHasNone() {
        let event = WebhookEvent.parse(eventBody(name: "inquiry.marked-for-review", status: nil, at: "2027-01-15T08:00:00Z"))
        #expect(event?.statusRecord?.status == "needs_review")
        let redacted = WebhookEvent.parse(eventBody(name: "inquiry.redacted", status: nil, at: "2027-01-15T08:00:00Z"))
        #expect(redacted != nil && redacted?.statusRecord == nil)
        let camel = WebhookEvent.parse(Array(#"{"data":{"id":"evt_9","attributes":{"name":"inquiry.failed","createdAt":"2027-01-15T08:00:00.000Z","payload":{"data":{"type":"inquiry","id":"inq_9","attributes":{}}}}}}"#.utf8))
        #expect(camel?.statusRecord == InquiryStatusRecord(inquiryID: "inq_9", status: "failed", changedAt: 1_800_000_000))
    }
}
