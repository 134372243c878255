import Foundation

/// The API's base URL (`https://api.withpersona.com/api/v1`), checked: https, or plain http to
/// a loopback address only (the emulator), so a key never crosses a network in clear text.
public struct APIBase: Sendable, Equatable, CustomStringConvertible {
    /// Persona's production base URL.
    public static let persona = "https://api.withpersona.com/api/v1"

    /// The base without a trailing slash, e.g. `http://127.0.0.1:8080/api/v1`.
    public let url: String

    /// Checks `text`.
    public init(_ text: String) throws(ClientError) {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { throw .badBaseURL(text) }
        switch scheme {
        case "https": break
        case "http": guard Self.isLoopback(host) else { throw .insecureBaseURL(text) }
        default: throw .badBaseURL(text)
        }
        url = trimmed
    }

    /// `127.0.0.0/8`, `::1` and `localhost`: where plain http may go.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The URL of `path` (which starts with `/`, e.g. `/inquiries`).
    public func url(_ path: String) -> String { url + path }

    public var description: String { url }
}
