import Foundation
import PersonaWire

/// Persona's explanation of a refused request, from its error document: what the ledger and
/// the summary show. Never contains the key.
public struct PersonaFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, 0 when there was no response.
    public var status: Int
    public var title: String
    public var details: String?
    public var pointer: String?

    public init(status: Int, title: String, details: String? = nil, pointer: String? = nil) {
        self.status = status
        self.title = title
        self.details = details
        self.pointer = pointer
    }

    /// Reads an error document; a body that is not one becomes a failure named by its status.
    init(status: Int, body: [UInt8]) {
        self.status = status
        if let document = try? JSONDecoder().decode(PersonaErrorDocument.self, from: Data(body)),
           let first = document.errors.first
        {
            title = first.title
            details = first.details
            pointer = first.source?.pointer
        } else {
            title = HTTPStatusText.text(status)
        }
    }

    /// `422 Unprocessable entity: details (at /data/attributes/…)`.
    public var description: String {
        var text = status > 0 ? "\(status) \(title)" : title
        if let details, !details.isEmpty { text += ": \(details)" }
        if let pointer, !pointer.isEmpty { text += " (at \(pointer))" }
        return text
    }
}

/// What one create request came to, as the run acts on it.
public enum CreateResponse: Sendable, Equatable {
    /// 2xx with `data.id`: the inquiry exists (possibly a replay of an earlier attempt); `link`
    /// when the create asked for a one-time link and the answer's `meta` carried one.
    case created(inquiryID: String, link: IssuedLink? = nil)
    /// 400, 404, 409, 422 and other 4xx: this row fails for good; no retry.
    case refused(PersonaFailure)
    /// 429, or a 403 "Quota exceeded": wait for the window, then retry with the same key.
    case rateLimited(PersonaFailure)
    /// 401, or a 403 that is not a quota: the key cannot create; stop the run.
    case keyRejected(PersonaFailure)
    /// 5xx, or a 2xx the client could not read: the outcome is unknown.
    case serverError(PersonaFailure)
    /// No response at all (connection refused or dropped, timeout).
    case noResponse(String)

    /// For a 429 or 403 quota: which limit it was about.
    public var limitKind: LimitKind? {
        guard case .rateLimited(let failure) = self else { return nil }
        return failure.title.caseInsensitiveCompare(PersonaErrorTitle.quotaExceeded) == .orderedSame ? .quota : .rate
    }

    /// Classifies a response by status and body (any key inflection).
    public static func classify(status: Int, body: [UInt8]) -> CreateResponse {
        switch status {
        case 200..<300:
            if let id = CreatedInquiry.id(in: body) { return .created(inquiryID: id, link: IssuedLink.inMeta(of: body)) }
            return .serverError(PersonaFailure(status: status, title: "unreadable success response", details: "no data.id in the body"))
        case 429:
            return .rateLimited(PersonaFailure(status: status, body: body))
        case 401:
            return .keyRejected(PersonaFailure(status: status, body: body))
        case 403:
            let failure = PersonaFailure(status: status, body: body)
            return failure.title.caseInsensitiveCompare(PersonaErrorTitle.quotaExceeded) == .orderedSame
                ? .rateLimited(failure) : .keyRejected(failure)
        case 500..<600:
            return .serverError(PersonaFailure(status: status, body: body))
        default:
            return .refused(PersonaFailure(status: status, body: body))
        }
    }
}

/// The one member of a create response the client relies on: `data.id`. Everything else may be
/// stripped (attribute blocklist) or in another key case.
struct CreatedInquiry: Decodable {
    struct Resource: Decodable {
        var id: String
    }

    var data: Resource

    static func id(in body: [UInt8]) -> String? {
        guard let decoded = try? JSONDecoder().decode(CreatedInquiry.self, from: Data(body)),
              !decoded.data.id.isEmpty else { return nil }
        return decoded.data.id
    }
}

/// Reason phrases for statuses whose body is not an error document.
enum HTTPStatusText {
    static func text(_ status: Int) -> String {
        switch status {
        case 400: "Bad request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not found"
        case 409: "Conflict"
        case 422: "Unprocessable entity"
        case 429: "Too many requests"
        case 500: "Internal server error"
        case 502: "Bad gateway"
        case 503: "Service unavailable"
        case 504: "Gateway timeout"
        default: "HTTP \(status)"
        }
    }
}

/// A one-time link as an answer's `meta` carries it (`one-time-link`, `one-time-link-short`, in
/// any inflection). A bearer secret: its description never shows it.
public struct IssuedLink: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var url: String
    public var shortURL: String?

    public init(url: String, shortURL: String?) {
        self.url = url
        self.shortURL = shortURL
    }

    public var description: String { "one-time link (not shown)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// The link in `body`'s `meta`; nil when there is none (null unless the request asked).
    package static func inMeta(of body: [UInt8]) -> IssuedLink? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let meta = object["meta"] as? [String: Any]
        else { return nil }
        func value(_ kebab: String, _ camel: String, _ snake: String) -> String? {
            (meta[kebab] ?? meta[camel] ?? meta[snake]) as? String
        }
        guard let url = value("one-time-link", "oneTimeLink", "one_time_link"), !url.isEmpty else { return nil }
        return IssuedLink(url: url, shortURL: value("one-time-link-short", "oneTimeLinkShort", "one_time_link_short"))
    }
}
