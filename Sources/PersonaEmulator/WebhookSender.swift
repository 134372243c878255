import AsyncHTTPClient
import Crypto
import Foundation
import JSON
import Locking
import Logging
import NIOCore
import PersonaWire

/// Where the emulator sends its inquiry events, and the secret it signs them with.
public struct WebhookTarget: Sendable {
    public var url: String
    public var secret: String

    public init(url: String, secret: String) {
        self.url = url
        self.secret = secret
    }
}

/// Sends Persona-style inquiry events, signed (`Persona-Signature: t=…,v1=…`, HMAC-SHA256 over
/// `"<t>.<body>"`), in the background: a create or a simulate action never waits for them. A
/// delivery that fails is tried twice more, a second apart, then logged and dropped; past
/// ``maximumInFlight`` deliveries at once, new events are dropped with a warning.
struct WebhookSender: Sendable {
    let target: WebhookTarget
    let logger: Logger
    private let inFlight = Locked(0)

    static let maximumInFlight = 1024

    init(target: WebhookTarget, logger: Logger) {
        self.target = target
        self.logger = logger
    }

    /// The event's name for a simulate action; nil for those that change no status.
    static func eventName(_ action: SimulateAction) -> String? {
        switch action {
        case .startInquiry: "inquiry.started"
        case .completeInquiry: "inquiry.completed"
        case .failInquiry: "inquiry.failed"
        case .expireInquiry: "inquiry.expired"
        case .markForReviewInquiry: "inquiry.marked-for-review"
        case .approveInquiry: "inquiry.approved"
        case .declineInquiry: "inquiry.declined"
        case .createPassedVerification, .createFailedVerification: nil
        }
    }

    /// The event document: `{"data":{"type":"event","id","attributes":{"name","created-at","payload":{"data": inquiry}}}}`.
    static func document(eventID: String, name: String, at time: Date, inquiry: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(capacity: 2048)
        writer.raw("{\"data\":{\"type\":\"event\",\"id\":")
        writer.string(eventID)
        writer.raw(",\"attributes\":{\"name\":")
        writer.string(name)
        writer.raw(",\"created-at\":")
        writer.string(Timestamp.format(time))
        writer.raw(",\"redacted-at\":null,\"payload\":{\"data\":")
        inquiry(&writer)
        writer.raw("}}}}")
        return writer.bytes
    }

    /// The `Persona-Signature` header for `body` at `time`.
    static func signature(_ body: [UInt8], secret: String, time: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(time).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(time),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Sends `body` in the background.
    func send(_ body: [UInt8], eventID: String, at time: Date) {
        let target = self.target
        let logger = self.logger
        let inFlight = self.inFlight
        let admitted = inFlight.withLock { count in
            guard count < Self.maximumInFlight else { return false }
            count += 1
            return true
        }
        guard admitted else {
            logger.warning("webhook dropped: \(Self.maximumInFlight) deliveries already in flight", metadata: ["event": "\(eventID)"])
            return
        }
        Task.detached {
            defer { inFlight.withLock { $0 -= 1 } }
            var request = HTTPClientRequest(url: target.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Persona-Signature", value: Self.signature(body, secret: target.secret, time: Int(time.timeIntervalSince1970)))
            request.body = .bytes(ByteBuffer(bytes: body))
            for attempt in 1...3 {
                do {
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                    if (200..<300).contains(response.status.code) { return }
                    logger.warning("webhook answered \(response.status.code)", metadata: ["event": "\(eventID)", "attempt": "\(attempt)"])
                } catch {
                    logger.warning("webhook not delivered", metadata: ["event": "\(eventID)", "attempt": "\(attempt)", "error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
