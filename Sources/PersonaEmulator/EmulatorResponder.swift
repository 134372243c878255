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
    /// The shape of the API version the request names (or the key's default version).
    var shape: ResponseShape = .fieldsOnly
    /// Whether the query has `include=…`: `included` is then sent, whatever the version.
    var includeAsked = false
    /// `http://host:port` as the request named it.
    var origin = "http://127.0.0.1"
    var keyIsSandbox = true
}

/// Routes and answers every request. Hand-written dispatch: a handful of routes do not need a router.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext
    let core: EmulatorCore

    func respond(to request: Request, context: EmulatorRequestContext) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/__emulator/") { return admin(request, path: path) }
        if let linkPage = oneTimeLinkPage(request, path: path) { return linkPage }

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
        let versionName = request.headers[EmulatorHeaders.personaVersion]
        let rate = core.store.withLock { store in
            // Known versions only: a key per arbitrary header value would grow without bound.
            let counted = versionName.map { PersonaVersion(rawValue: $0).isKnown ? $0 : "unknown" } ?? "default"
            store.counters.requestsByVersion[counted, default: 0] += 1
            return store.rateWindow.take(at: now)
        }
        var meta = ResponseContext(
            requestID: requestID, rateLimit: rate.status, inflection: core.configuration.defaultKeyInflection,
            keyIsReadOnly: core.readOnlyKeys.contains(key))
        meta.keyIsSandbox = !key.hasPrefix("persona_production")
        meta.origin = "http://" + (request.head.authority ?? "127.0.0.1")
        meta.shape = ResponseShape(core.configuration.defaultVersion)
        guard rate.allowed else {
            return .response(error(.rateLimited, meta, retryAfter: rate.status.resetSeconds))
        }
        if let version = versionName {
            guard PersonaVersion(rawValue: version).isKnown else {
                return .response(error(.badRequest(
                    "Persona-Version '\(version)' is not a known API version; known: "
                        + PersonaVersion.known.map(\.rawValue).joined(separator: ", ")), meta))
            }
            meta.shape = ResponseShape(PersonaVersion(rawValue: version))
        }
        meta.includeAsked = QueryString.parse(request.uri.query).contains { $0.name == "include" }
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
            let rest = path.dropFirst(collection.count + 1).split(separator: "/", omittingEmptySubsequences: false)
            let id = String(rest[0])
            switch (rest.count, rest.last, request.method) {
            case (1, _, .get): return .response(get(id: id, meta: meta))
            case (2, "generate-one-time-link", .post): return .response(await generateLink(request, id: id, meta: meta, now: now))
            case (2, "perform-simulate-actions", .post): return .response(await simulate(request, id: id, meta: meta, now: now))
            case (1, _, _), (2, "generate-one-time-link", _), (2, "perform-simulate-actions", _):
                return .response(error(.methodNotAllowed, meta))
            default: return .response(error(.notFoundRoute, meta))
            }
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
