import ArgumentParser
import ImportCommands

/// How to reach Persona: shared by every command that sends requests.
struct APIOptions: ParsableArguments {
    @Option(help: "The API base URL (or PERSONA_API_BASE). Plain http only for loopback addresses.")
    var apiBase: String?

    @Option(help: "The Persona-Version header.")
    var personaVersion = APIAccess.defaultVersion

    @Option(help: "A file holding the API key (instead of PERSONA_API_KEY); must not be readable by group or others.")
    var apiKeyFile: String?

    var access: APIAccess { APIAccess(base: apiBase, personaVersion: personaVersion, keyFile: apiKeyFile) }
}
