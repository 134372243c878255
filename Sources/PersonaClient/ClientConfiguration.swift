import Foundation
import PersonaWire

/// How the client talks to Persona. The key lives only here and in request headers: it is never
/// part of a description, a log line or an error.
public struct ClientConfiguration: Sendable {
    public var base: APIBase
    /// Bearer key; see ``ClientConfiguration/apiKey``.
    let apiKey: String
    public var personaVersion: PersonaVersion
    public var userAgent: String
    /// Connections kept to the API; one per worker.
    public var maxConnections: Int
    /// Seconds to connect.
    public var connectTimeout: Double = 10
    /// Seconds for a whole request.
    public var requestTimeout: Double = 30

    /// - Parameter apiKey: `persona_sandbox_…` or `persona_production_…`; checked for shape only.
    public init(base: APIBase, apiKey: String, personaVersion: PersonaVersion = .newest, userAgent: String, maxConnections: Int) throws(ClientError) {
        let key = apiKey.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw .badKey("is empty") }
        guard key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .badKey("contains spaces or characters a header cannot carry") }
        self.base = base
        self.apiKey = key
        self.personaVersion = personaVersion
        self.userAgent = userAgent
        self.maxConnections = maxConnections
    }

    /// The environment a key belongs to, from its prefix.
    public var keyEnvironment: KeyEnvironment { KeyEnvironment(key: apiKey) }
}

/// Which Persona environment a key is for.
public enum KeyEnvironment: Sendable, Equatable {
    case sandbox
    case production
    case unknown

    init(key: String) {
        if key.hasPrefix("persona_production_") {
            self = .production
        } else if key.hasPrefix("persona_sandbox_") {
            self = .sandbox
        } else {
            self = .unknown
        }
    }
}
