import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The emulator's request handling without a socket: routing, the key, the headers, the query
/// and the body, answered exactly as the server would. For the `emulator-request` fuzz target;
/// package API, not public.
package struct EmulatorRequestHarness: Sendable {
    /// An answer: its status and body.
    package struct Answer: Sendable {
        /// The HTTP status; nil when the server would drop the connection.
        package var status: Int?
        /// The body as written.
        package var body: [UInt8]
    }

    /// The key the harness accepts.
    package static let apiKey = EmulatorConfiguration.defaultAPIKey
    /// A read-only key the harness accepts.
    package static let readOnlyKey = "persona_sandbox_read_only_fuzz"

    private let responder: EmulatorResponder

    /// A fresh emulator with a limit no input reaches and no faults.
    package init() {
        var configuration = EmulatorConfiguration()
        configuration.rateLimit = RateLimitRule(limit: 1 << 40, period: .seconds(1))
        configuration.readOnlyKeys = [Self.readOnlyKey]
        var logger = Logger(label: "persona-emulator.harness")
        logger.logLevel = .critical
        responder = EmulatorResponder(core: EmulatorCore(configuration: configuration, logger: logger))
    }

    /// Answers one request. Header names that are not HTTP tokens are left out, as an HTTP
    /// parser would have refused them before the emulator saw the request.
    package func answer(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) async -> Answer {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        let head = HTTPRequest(
            method: HTTPRequest.Method(method) ?? .get, scheme: "http", authority: "127.0.0.1", path: target, headerFields: fields)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: body)))
        switch await responder.handleAPI(request, path: request.uri.path, requestID: "req_harness") {
        case .drop:
            return Answer(status: nil, body: [])
        case .response(let response):
            let collected = CollectedBody()
            try? await response.body.write(CollectingWriter(collected: collected))
            return Answer(status: Int(response.status.code), body: collected.bytes)
        }
    }

    /// Forgets every inquiry and key (bounds the memory of a long fuzzing run).
    package func reset() { responder.core.reset() }
}

private final class CollectedBody {
    var bytes: [UInt8] = []
}

private struct CollectingWriter: ResponseBodyWriter {
    let collected: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        collected.bytes += buffer.readableBytesView
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
