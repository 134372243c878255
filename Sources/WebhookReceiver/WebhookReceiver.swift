import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ImportLedger
import Logging
import NIOCore
import ServiceLifecycle

/// Receives Persona's inquiry events and records the status each reports in the ledger:
/// signature checked first (``WebhookSignature``), the body bounded, an event older than the
/// status held changing nothing (``InquiryStatusRecord/supersedes(_:)``), then a quick 2xx.
/// `GET /` answers 200 for a load balancer's health check. Event payloads carry the person's
/// fields: they are never logged or stored, only ids, the status, the event's name and times.
public struct WebhookReceiver: Sendable {
    /// Where and how it listens.
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 0
        /// When set, the bound port is written here once listening.
        public var portFile: String?
        /// Every secret a signature may match (more than one while rotating).
        public var secrets: [SymmetricKey]
        /// How far a signature's time may be from now.
        public var tolerance: TimeInterval = 300
        /// The largest body read; a larger one is a 413.
        public var maxBodyBytes = 256 * 1024

        public init(secrets: [SymmetricKey]) { self.secrets = secrets }
    }

    let configuration: Configuration
    let store: any InquiryStatusStore
    let logger: Logger
    let now: @Sendable () -> Date
    /// Ledger writes block (SQLite may wait for a run's write): one serial queue does them,
    /// off the server's threads, so a slow write never stalls the health check.
    private let writer = DispatchQueue(label: "persona-import.webhook.ledger")

    public init(configuration: Configuration, store: any InquiryStatusStore, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.now = now
    }

    /// What one delivery came to: the HTTP status answered and, when recorded, the event.
    public struct Outcome: Sendable, Equatable {
        public var status: HTTPResponse.Status
        public var message: String

        public init(status: HTTPResponse.Status, message: String) {
            self.status = status
            self.message = message
        }
    }

    /// ``deliver(signature:body:)`` on the ledger's queue.
    func deliverOffThread(signature: String?, body: [UInt8]) async -> Outcome {
        await withCheckedContinuation { continuation in
            writer.async { continuation.resume(returning: deliver(signature: signature, body: body)) }
        }
    }

    /// Handles one delivery (the server's core, callable without a socket). Blocks while the
    /// ledger writes.
    public func deliver(signature: String?, body: [UInt8]) -> Outcome {
        switch WebhookSignature.verify(
            header: signature, body: body, secrets: configuration.secrets, now: now(), tolerance: configuration.tolerance)
        {
        case .failure(let refusal):
            logger.warning("webhook refused", metadata: ["reason": "\(refusal)"])
            let status: HTTPResponse.Status = refusal == .malformedSignature || refusal == .missingSignature ? .badRequest : .unauthorized
            return Outcome(status: status, message: refusal.description)
        case .success:
            break
        }
        guard let event = WebhookEvent.parse(body) else {
            logger.warning("webhook refused", metadata: ["reason": "not an event document"])
            return Outcome(status: .badRequest, message: "the body is not a Persona event")
        }
        guard let record = event.statusRecord else {
            logger.info("webhook event ignored", metadata: ["event": "\(event.eventID)", "name": "\(event.name)"])
            return Outcome(status: .ok, message: "nothing to record")
        }
        do {
            let changed = try store.recordStatuses([record], now: now().timeIntervalSince1970)
            logger.info("webhook event", metadata: [
                "event": "\(event.eventID)", "name": "\(event.name)", "inquiry": "\(record.inquiryID)",
                "status": "\(record.status)", "changed": "\(changed > 0)",
            ])
            return Outcome(status: .ok, message: changed > 0 ? "recorded" : "older than what is held: nothing changed")
        } catch {
            logger.error("webhook event not recorded", metadata: ["event": "\(event.eventID)", "error": "\(error)"])
            return Outcome(status: .serviceUnavailable, message: "the ledger could not record it; deliver again")
        }
    }

    /// Runs until SIGINT or SIGTERM; `onListening` gets the bound port.
    public func runUntilSignalled(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let portFile = configuration.portFile
        let logger = self.logger
        try await makeApplication { port in
            if let portFile {
                do {
                    try Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
                } catch {
                    logger.error("could not write the port file", metadata: ["error": "\(error)"])
                }
            }
            await onListening(port)
        }.runService()
    }

    private func makeApplication(onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        Application(
            responder: WebhookResponder(receiver: self),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// `GET /` → 200; `POST` (any path) → a delivery.
struct WebhookResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let receiver: WebhookReceiver

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        switch request.method {
        case .get, .head:
            return Self.text(.ok, "ok")
        case .post:
            var request = request
            guard let body = try? await request.collectBody(upTo: receiver.configuration.maxBodyBytes) else {
                return Self.text(.contentTooLarge, "the body is larger than \(receiver.configuration.maxBodyBytes) bytes")
            }
            let signature = HTTPField.Name(WebhookSignature.headerName).flatMap { request.headers[$0] }
            let outcome = await receiver.deliverOffThread(signature: signature, body: Array(body.readableBytesView))
            return Self.text(outcome.status, outcome.message)
        default:
            return Self.text(.methodNotAllowed, "POST events here; GET / is the health check")
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var headers = HTTPFields()
        headers.append(HTTPField(name: .contentType, value: "text/plain; charset=utf-8"))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
