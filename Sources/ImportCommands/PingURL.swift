import Foundation
import PersonaClient

/// `--ping-url URL` (or `PERSONA_IMPORT_PING_URL`): a dead-man's switch in the healthchecks.io
/// convention. `URL/start` when a run starts, `URL/<exit code>` when it ends (0 is success),
/// both with `?rid=<uuid>` so that overlapping runs are told apart. The URL is a secret there
/// (whoever has it can report for the check): messages show its scheme and host only.
public struct PingURL: Sendable, Equatable {
    /// The URL as given, without a trailing slash.
    let base: URLComponents
    /// The environment variable that gives it when the option does not.
    public static let environmentVariable = "PERSONA_IMPORT_PING_URL"

    /// Checks `text`: https, or plain http to a loopback address.
    public init(parsing text: String) throws(UsageError) {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, components.fragment == nil
        else { throw UsageError("--ping-url must be an https URL such as https://hc-ping.com/<uuid>") }
        switch scheme {
        case "https": break
        case "http" where APIBase.isLoopback(host): break
        default: throw UsageError("--ping-url must be https (plain http only to a loopback address): the URL is a secret")
        }
        while components.path.hasSuffix("/") { components.path.removeLast() }
        base = components
    }

    /// What a ping reports.
    public enum Event: Sendable, Equatable {
        case start
        case exit(Int32)

        var pathComponent: String {
            switch self {
            case .start: "start"
            case .exit(let code): String(code)
            }
        }
    }

    /// The URL of one ping of run `runID`.
    public func url(_ event: Event, runID: UUID) -> URL? {
        var components = base
        components.path += "/" + event.pathComponent
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "rid", value: runID.uuidString.lowercased())]
        return components.url
    }

    /// `https://hc-ping.com/…`: what messages show.
    public var redacted: String {
        "\(base.scheme ?? "https")://\(base.host ?? "")\(base.port.map { ":\($0)" } ?? "")/…"
    }
}
