import Hummingbird
import JSON
import NIOCore

/// An error answer in Persona's shape: `{"errors":[{"title","details","source":{"pointer"}}]}`,
/// with what each status's published schema allows: a 401 carries `title` alone, only a 422
/// carries `source`.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var title: String
    var details: String?
    var pointer: String?

    /// The JSON body.
    func body() -> ByteBuffer {
        var writer = JSONWriter(capacity: 256)
        writer.raw("{\"errors\":[{\"title\":")
        writer.string(title)
        if let details, status != .unauthorized {
            writer.raw(",\"details\":")
            writer.string(details)
        }
        if let pointer, status == .unprocessableContent {
            writer.raw(",\"source\":{\"pointer\":")
            writer.string(pointer)
            writer.raw("}")
        }
        writer.raw("}]}")
        return writer.buffer
    }

    static func badRequest(_ details: String, pointer: String? = nil) -> APIError {
        APIError(status: .badRequest, title: "Bad request", details: details, pointer: pointer)
    }

    static func unprocessable(_ details: String, pointer: String) -> APIError {
        APIError(status: .unprocessableContent, title: "Unprocessable entity", details: details, pointer: pointer)
    }

    static let unauthorized = APIError(
        status: .unauthorized, title: "Unauthorized", details: "Must be authenticated with a valid API key (Authorization: Bearer <key>)")
    static let forbiddenWrite = APIError(
        status: .forbidden, title: "Forbidden", details: "The API key does not have the inquiry.write permission")
    static let rateLimited = APIError(status: .tooManyRequests, title: "Rate limit exceeded")
    /// The creation quota's refusal, a 429 or a 403 as configured; the title is the same.
    static func quotaExceeded(_ status: QuotaExceededStatus) -> APIError {
        APIError(status: HTTPResponse.Status(code: status.rawValue), title: "Quota exceeded")
    }
    static let sandboxOnly = APIError(
        status: .forbidden, title: "Forbidden", details: "Simulate actions are only available in the sandbox environment")
    static let idempotencyConflict = APIError(
        status: .conflict, title: "Conflict",
        details: "Idempotency-Key was already used with different request parameters")
    static let notFoundRoute = APIError(status: .notFound, title: "Not found", details: "No such endpoint")
    static let methodNotAllowed = APIError(status: .methodNotAllowed, title: "Method not allowed")
    static let tooLarge = APIError(status: .contentTooLarge, title: "Request body too large")

    static func notFound(inquiry id: String) -> APIError {
        APIError(status: .notFound, title: "Record not found", details: "Could not find inquiry \(id)")
    }

    static func serverError(_ status: HTTPResponse.Status) -> APIError {
        switch status.code {
        case 502: return APIError(status: status, title: "Bad gateway")
        case 503: return APIError(status: status, title: "Service unavailable")
        default: return APIError(status: status, title: "Internal server error")
        }
    }
}
