import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import Foundation
import ImportPipeline
import PersonaClient

/// How to reach Persona: shared by every command that sends requests.
struct APIOptions: ParsableArguments {
    @Option(help: "The API base URL (or PERSONA_API_BASE). Plain http only for loopback addresses.")
    var apiBase: String?

    @Option(help: "The Persona-Version header.")
    var personaVersion = "2023-01-05"

    @Option(help: "A file holding the API key (instead of PERSONA_API_KEY); must not be readable by group or others.")
    var apiKeyFile: String?

    /// How to reach Persona; the key from the environment or the key file.
    func clientConfiguration(environment: [String: String], connections: Int) throws -> ClientConfiguration {
        let key = try APIKeySource.read(file: apiKeyFile, environment: environment)
        let base = try APIBase(apiBase ?? environment["PERSONA_API_BASE"] ?? APIBase.persona)
        return try ClientConfiguration(
            base: base, apiKey: key, personaVersion: .init(rawValue: personaVersion),
            userAgent: "persona-import/\(PersonaImport.version)", maxConnections: connections)
    }
}

/// Reads the API key from `--api-key-file` or `PERSONA_API_KEY`; never from a flag value.
enum APIKeySource {
    static let environmentVariable = "PERSONA_API_KEY"

    static func read(file: String?, environment: [String: String]) throws -> String {
        if let file {
            var status = stat()
            guard stat(file, &status) == 0 else {
                throw RunSetupError("\(file): cannot read the API key file (\(String(cString: strerror(errno))))")
            }
            guard status.st_mode & 0o077 == 0 else {
                throw RunSetupError("\(file): the API key file is readable by group or others; run: chmod 600 \(file)")
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw RunSetupError("\(file): cannot read the API key file")
            }
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw RunSetupError("\(file): the API key file is empty") }
            return key
        }
        guard let key = environment[environmentVariable], !key.isEmpty else {
            throw RunSetupError("no API key: set \(environmentVariable) or pass --api-key-file FILE (or use --dry-run to send nothing)")
        }
        return key
    }
}
