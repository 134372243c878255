import Foundation
import ImportProtocol
import PersonaClient
import PersonaWire

/// How a command reaches Persona: the base URL, the version, and the key, read by the rules
/// below (never from a flag value; a key file only when no one else can read it).
public struct APIAccess: Sendable {
    /// `--api-base`, else `PERSONA_API_BASE`, else Persona.
    public var base: String?
    /// `--persona-version`.
    public var personaVersion: String
    /// `--api-key-file`, else `PERSONA_API_KEY`.
    public var keyFile: String?

    public static let keyVariable = "PERSONA_API_KEY"
    public static let baseVariable = "PERSONA_API_BASE"
    /// `=1` confirms a production key, as `--production` does.
    public static let allowProductionVariable = "PERSONA_IMPORT_ALLOW_PRODUCTION"
    /// The `Persona-Version` sent unless `--persona-version` names another: Persona's newest
    /// (the importer reads only what both documented versions answer alike; see docs/cli.md).
    public static let defaultVersion = PersonaVersion.newest.rawValue

    public init(base: String?, personaVersion: String = defaultVersion, keyFile: String?) {
        self.base = base
        self.personaVersion = personaVersion
        self.keyFile = keyFile
    }

    /// The client's configuration; the key from the key file or the environment.
    public func clientConfiguration(environment: [String: String], connections: Int, userAgent: String) throws(RunFailure)
        -> ClientConfiguration
    {
        let key = try Self.readKey(file: keyFile, environment: environment)
        do {
            let base = try APIBase(base ?? environment[Self.baseVariable] ?? APIBase.persona)
            return try ClientConfiguration(
                base: base, apiKey: key, personaVersion: PersonaVersion(rawValue: personaVersion), userAgent: userAgent,
                maxConnections: connections)
        } catch {
            throw RunFailure(.configuration, "\(error)")
        }
    }

    /// Reads the API key from `file` or `PERSONA_API_KEY`. The file must not be readable by
    /// group or others (the message says the chmod that fixes it).
    public static func readKey(file: String?, environment: [String: String]) throws(RunFailure) -> String {
        guard let file else {
            guard let key = environment[keyVariable], !key.isEmpty else {
                throw RunFailure(
                    .configuration, "no API key: set \(keyVariable) or pass --api-key-file FILE (or use --dry-run to send nothing)")
            }
            return key
        }
        let key = try SecretFile.read(file, what: "API key").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw RunFailure(.configuration, "\(file): the API key file is empty") }
        return key
    }

    /// Refuses a production key unless `--production` or `PERSONA_IMPORT_ALLOW_PRODUCTION=1`
    /// confirms it: real people would get inquiries.
    public static func guardProduction(
        _ key: KeyEnvironment, confirmed: Bool, environment: [String: String]
    ) throws(RunFailure) {
        guard key == .production, !confirmed, environment[allowProductionVariable] != "1" else { return }
        throw RunFailure(
            .configuration,
            "the API key is a production key (persona_production_…): real people would get inquiries. "
                + "Pass --production (or set \(allowProductionVariable)=1) to confirm; nothing was sent")
    }
}
