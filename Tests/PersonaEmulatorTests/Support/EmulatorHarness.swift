import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PersonaEmulator
import PersonaWire

/// One HTTP answer, read whole.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    /// The first header named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Decodes the body as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.utf8))
    }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw TestFailure("body is not a JSON object")
        }
        return object
    }

    /// The first error of a Persona error body.
    func firstError() throws -> PersonaError {
        let document = try decode(PersonaErrorDocument.self)
        guard let first = document.errors.first else { throw TestFailure("error body has no errors") }
        return first
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A running in-process emulator and an HTTP client pointed at it.
struct EmulatorClient: Sendable {
    static let key = EmulatorConfiguration.defaultAPIKey
    let emulator: PersonaEmulator
    let http: HTTPClient
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Sends one request; `key` nil sends no Authorization header.
    func send(
        _ method: String, _ path: String, key: String? = EmulatorClient.key,
        headers: [(String, String)] = [], body: String? = nil
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(20))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return TestResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: buffer))
    }

    /// `POST /api/v1/inquiries`.
    func create(
        _ body: String, key: String? = EmulatorClient.key, idempotencyKey: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> TestResponse {
        var all = headers
        if let idempotencyKey { all.append(("Idempotency-Key", idempotencyKey)) }
        return try await send("POST", "/api/v1/inquiries", key: key, headers: all, body: body)
    }

    /// The emulator's stats over HTTP.
    func stats() async throws -> EmulatorStats {
        try await send("GET", "/__emulator/stats", key: nil).decode(EmulatorStats.self)
    }
}

/// Request bodies used across the tests.
enum Bodies {
    static func create(
        reference: String = "customer-42", template: String = "\"inquiry-template-id\":\"itmpl_Test0000000000000000000\"",
        fields: String = #"{"name-first":"Jane","name-last":"Doe","birthdate":"1994-04-12"}"#, meta: String? = nil
    ) -> String {
        var text = #"{"data":{"attributes":{"# + template + #","reference-id":"\#(reference)","fields":\#(fields)}}"#
        if let meta { text += #","meta":\#(meta)"# }
        return text + "}"
    }
}

/// Starts an emulator on port 0 with `configure` applied, runs `body` against it with one
/// HTTPClient, then shuts the client and the emulator down.
func withEmulator(
    _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
    _ body: (EmulatorClient) async throws -> Void
) async throws {
    var configuration = EmulatorConfiguration()
    configure(&configuration)
    var logger = Logger(label: "persona-emulator-tests")
    logger.logLevel = .warning
    let emulator = PersonaEmulator(configuration: configuration, logger: logger)
    // Enough pooled connections that 50 concurrent clients really use 50 sockets.
    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
    let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    do {
        try await emulator.withRunning { port in
            try await body(EmulatorClient(emulator: emulator, http: http, port: port))
        }
    } catch {
        try await http.shutdown()
        throw error
    }
    try await http.shutdown()
}
