import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PersonaWire

/// What a handler decided: a response, or closing the connection without one.
enum Reply: Sendable {
    case response(Response)
    case drop
}

/// Headers every authenticated response carries.
struct ResponseContext: Sendable {
    var requestID: String
    var rateLimit: RateLimitStatus?
    var quota: RateLimitStatus?
    var inflection: KeyInflection
    var keyIsReadOnly = false
}

/// Routes and answers every request. Hand-written dispatch: five routes do not need a router.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext
    let core: EmulatorCore

    func respond(to request: Request, context: EmulatorRequestContext) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/__emulator/") { return admin(request, path: path) }

        let (requestID, delay) = core.store.withLock { $0.begin(latency: core.configuration.faults.latency) }
        if let delay { try? await Task.sleep(for: delay) }
        let reply = await handleAPI(request, path: path, requestID: requestID)
        switch reply {
        case .response(let response):
            core.store.withLock { $0.finish(status: Int(response.status.code)) }
            return response
        case .drop:
            core.store.withLock { $0.finish(status: nil) }
            // Close first: the response Hummingbird then tries to write goes nowhere, so the
            // client sees the connection end with no response.
            try? await context.channel.close().get()
            return Response(status: .internalServerError)
        }
    }

    /// Answers an API request (every path but `/__emulator/`); also what
    /// ``EmulatorRequestHarness`` calls, without a socket.
    func handleAPI(_ request: Request, path: String, requestID: String) async -> Reply {
        guard let key = bearerKey(request), core.apiKeys.contains(key) else {
            return .response(error(.unauthorized, ResponseContext(requestID: requestID, inflection: .kebab)))
        }
        let now = core.configuration.clock.now()
        let rate = core.store.withLock { $0.rateWindow.take(at: now) }
        var meta = ResponseContext(
            requestID: requestID, rateLimit: rate.status, inflection: core.configuration.defaultKeyInflection,
            keyIsReadOnly: core.readOnlyKeys.contains(key))
        guard rate.allowed else {
            return .response(error(.rateLimited, meta, retryAfter: rate.status.resetSeconds))
        }
        if let version = request.headers[EmulatorHeaders.personaVersion],
           !PersonaVersion(rawValue: version).isKnown {
            return .response(error(.badRequest(
                "Persona-Version '\(version)' is not a known API version; known: "
                    + PersonaVersion.known.map(\.rawValue).joined(separator: ", ")), meta))
        }
        if let inflection = request.headers[EmulatorHeaders.keyInflection] {
            guard let value = KeyInflection(rawValue: inflection.lowercased()) else {
                return .response(error(.badRequest("Key-Inflection must be camel, kebab or snake"), meta))
            }
            meta.inflection = value
        }

        let collection = "/api/v1/inquiries"
        if path == collection || path == collection + "/" {
            switch request.method {
            case .post: return await create(request, meta: meta, now: now)
            case .get: return .response(list(request, meta: meta))
            default: return .response(error(.methodNotAllowed, meta))
            }
        }
        if path.hasPrefix(collection + "/") {
            let id = String(path.dropFirst(collection.count + 1))
            guard request.method == .get else { return .response(error(.methodNotAllowed, meta)) }
            return .response(get(id: id, meta: meta))
        }
        if path == "/api/v1/rate-limits", request.method == .get {
            return .response(rateLimits(meta: meta, now: now))
        }
        return .response(error(.notFoundRoute, meta))
    }

    private func bearerKey(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1].trimmingSpaces())
    }

    // MARK: Building responses

    /// A JSON response with the request id, rate-limit and quota headers; `retryAfter` (seconds)
    /// becomes `Retry-After` when ``EmulatorConfiguration/sendsRetryAfter`` is on.
    func respond(_ status: HTTPResponse.Status, body: ByteBuffer, _ meta: ResponseContext, retryAfter: Int? = nil) -> Response {
        var headers = HTTPFields()
        headers.reserveCapacity(10)
        headers.append(HTTPField(name: .contentType, value: "application/json; charset=utf-8"))
        headers.append(HTTPField(name: EmulatorHeaders.requestID, value: meta.requestID))
        if let rate = meta.rateLimit {
            headers.append(HTTPField(name: EmulatorHeaders.rateLimitLimit, value: String(rate.limit)))
            headers.append(HTTPField(name: EmulatorHeaders.rateLimitRemaining, value: String(rate.remaining)))
            headers.append(HTTPField(name: EmulatorHeaders.rateLimitReset, value: String(rate.resetSeconds)))
        }
        if let quota = meta.quota {
            let names = EmulatorHeaders.quota(core.configuration.quotaHeaderSpelling)
            headers.append(HTTPField(name: names.limit, value: String(quota.limit)))
            headers.append(HTTPField(name: names.remaining, value: String(quota.remaining)))
            headers.append(HTTPField(name: names.reset, value: String(quota.resetSeconds)))
        }
        // Only the rate-limit and quota refusals pass `retryAfter` (a quota refusal may be a 403).
        if let retryAfter, core.configuration.sendsRetryAfter {
            headers.append(HTTPField(name: EmulatorHeaders.retryAfter, value: String(max(1, retryAfter))))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// An error response in Persona's shape.
    func error(_ error: APIError, _ meta: ResponseContext, retryAfter: Int? = nil) -> Response {
        respond(error.status, body: error.body(), meta, retryAfter: retryAfter)
    }
}
