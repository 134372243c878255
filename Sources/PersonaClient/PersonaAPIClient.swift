import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PersonaWire

/// The answer to one request, with what its headers said about limits.
public struct APIAttempt<Outcome: Sendable>: Sendable {
    public var outcome: Outcome
    /// HTTP status, or 0 when there was no response.
    public var status: Int
    /// `Request-Id`, for logs and support cases.
    public var requestID: String?
    /// `RateLimit-*`, `Quota-*` / `QuotaLimit-*` and `Retry-After`.
    public var limits: RateLimitHeaders

    public init(outcome: Outcome, status: Int, requestID: String?, limits: RateLimitHeaders) {
        self.outcome = outcome
        self.status = status
        self.requestID = requestID
        self.limits = limits
    }
}

/// One shared HTTP client for every worker: keep-alive connections, connect timeout 10 s,
/// request timeout 30 s, certificate verification on, redirects off (a redirect must not carry
/// the key elsewhere). Calls block the calling thread (a Dispatch worker), never an event loop.
/// Call ``shutdown()`` once on every path.
public final class PersonaAPIClient: Sendable {
    private let http: HTTPClient
    private let configuration: ClientConfiguration
    private let commonHeaders: HTTPHeaders
    private let createURL: String

    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Int64(configuration.connectTimeout * 1000)),
                read: .milliseconds(Int64(configuration.requestTimeout * 1000))),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxConnections))
        httpConfiguration.httpVersion = .http1Only
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        var headers = HTTPHeaders()
        headers.add(name: PersonaHeader.authorization, value: "Bearer " + configuration.apiKey)
        headers.add(name: PersonaHeader.personaVersion, value: configuration.personaVersion.rawValue)
        headers.add(name: PersonaHeader.keyInflection, value: KeyInflection.kebab.rawValue)
        headers.add(name: "User-Agent", value: configuration.userAgent)
        headers.add(name: "Accept", value: "application/json")
        commonHeaders = headers
        createURL = configuration.base.url("/inquiries")
    }

    /// `POST /inquiries` with `body` under `idempotencyKey`. Blocks until the answer, a
    /// transport error or the request timeout.
    public func create(_ body: InquiryRequestBody, idempotencyKey: String) -> APIAttempt<CreateResponse> {
        var headers = commonHeaders
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: PersonaHeader.idempotencyKey, value: idempotencyKey)
        let result = send(url: createURL, method: .POST, headers: headers, body: body.bytes)
        switch result {
        case .success(let response):
            let bytes = response.body.map { Array($0.readableBytesView) } ?? []
            return APIAttempt(
                outcome: CreateResponse.classify(status: Int(response.status.code), body: bytes),
                status: Int(response.status.code), requestID: response.headers.first(name: PersonaHeader.requestID),
                limits: RateLimitHeaders { response.headers.first(name: $0) })
        case .failure(let error):
            return APIAttempt(outcome: .noResponse(Self.describe(error)), status: 0, requestID: nil, limits: RateLimitHeaders { _ in nil })
        }
    }

    /// `GET` of `pathAndQuery` (relative to the base's host, e.g. a list's `links.next`, or to
    /// the base when it does not start with `/api/`). The raw status, body and headers.
    public func get(_ pathAndQuery: String) -> APIAttempt<Result<[UInt8], PersonaFailure>> {
        let url: String
        if pathAndQuery.hasPrefix("/api/"), let origin = Self.origin(of: configuration.base.url) {
            url = origin + pathAndQuery
        } else {
            url = configuration.base.url(pathAndQuery)
        }
        return answer(send(url: url, method: .GET, headers: commonHeaders, body: nil)) { status, bytes in
            (200..<300).contains(status) ? .success(bytes) : .failure(PersonaFailure(status: status, body: bytes))
        }
    }

    /// `POST /inquiries/{id}/generate-one-time-link`, with `meta.expires-in-seconds` when given.
    public func generateOneTimeLink(inquiryID: String, expiresInSeconds: Int?) -> APIAttempt<Result<IssuedLink, PersonaFailure>> {
        var headers = commonHeaders
        headers.add(name: "Content-Type", value: "application/json")
        let body = expiresInSeconds.map { #"{"meta":{"expires-in-seconds":\#($0)}}"# } ?? "{}"
        let escaped = inquiryID.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["_", "-"])) ?? inquiryID
        let url = configuration.base.url("/inquiries/\(escaped)/generate-one-time-link")
        return answer(send(url: url, method: .POST, headers: headers, body: Array(body.utf8))) { status, bytes in
            guard (200..<300).contains(status) else { return .failure(PersonaFailure(status: status, body: bytes)) }
            return IssuedLink.inMeta(of: bytes).map { .success($0) }
                ?? .failure(PersonaFailure(status: status, title: "unreadable answer", details: "no meta.one-time-link in the body"))
        }
    }

    /// An attempt read by `read` (status and body), or a failure with status 0 when there was no answer.
    private func answer<Value>(
        _ result: Result<HTTPClient.Response, any Error>, _ read: (Int, [UInt8]) -> Result<Value, PersonaFailure>
    ) -> APIAttempt<Result<Value, PersonaFailure>> {
        switch result {
        case .success(let response):
            let status = Int(response.status.code)
            return APIAttempt(
                outcome: read(status, response.body.map { Array($0.readableBytesView) } ?? []), status: status,
                requestID: response.headers.first(name: PersonaHeader.requestID),
                limits: RateLimitHeaders { response.headers.first(name: $0) })
        case .failure(let error):
            return APIAttempt(
                outcome: .failure(PersonaFailure(status: 0, title: Self.describe(error))), status: 0, requestID: nil,
                limits: RateLimitHeaders { _ in nil })
        }
    }

    /// The environment the key belongs to (from its prefix); the key itself never leaves.
    public var keyEnvironment: KeyEnvironment { configuration.keyEnvironment }

    /// Closes every connection. Safe to call more than once.
    public func shutdown() {
        try? http.syncShutdown()
    }

    private func send(url: String, method: HTTPMethod, headers: HTTPHeaders, body: [UInt8]?) -> Result<HTTPClient.Response, any Error> {
        do {
            let request = try HTTPClient.Request(
                url: url, method: method, headers: headers, body: body.map { .byteBuffer(ByteBuffer(bytes: $0)) })
            let deadline = NIODeadline.now() + .milliseconds(Int64(configuration.requestTimeout * 1000))
            return .success(try http.execute(request: request, deadline: deadline).wait())
        } catch {
            return .failure(error)
        }
    }

    private static func origin(of base: String) -> String? {
        guard let components = URLComponents(string: base), let scheme = components.scheme, let host = components.host else { return nil }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// A transport error in words, without URLs or headers (so never the key).
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connect timeout"
            case .readTimeout, .deadlineExceeded: return "request timeout"
            case .remoteConnectionClosed: return "connection closed with no response"
            default: return "network error (\(error.shortDescription))"
            }
        }
        if let error = error as? any IOErrorProtocol { return "network error (\(error))" }
        return "network error (\(String(describing: type(of: error))): \(error))"
    }
}

/// NIO's socket errors (`IOError`) and others that describe themselves without secrets.
protocol IOErrorProtocol: Error {}
extension IOError: IOErrorProtocol {}
