import ArgumentParser
import ImportCommands
import Logging

/// `persona-import`: creates Persona inquiries from a customer export.
@main
struct PersonaImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persona-import",
        abstract: "Create Persona inquiries from a customer export (CSV or XML).",
        discussion: """
            Examples:
              persona-import validate customers.csv --mapping customers.mapping.yaml
              PERSONA_API_KEY=persona_sandbox_… persona-import run customers.csv --mapping customers.mapping.yaml
              persona-import status --ledger customers.csv.ledger.sqlite
              persona-import export --state failed > failed.csv

            \(ExitStatus.helpLine())
            """,
        version: PersonaImport.version,
        subcommands: [Run.self, Validate.self, Status.self, Export.self, Reconcile.self, Follow.self, Links.self, Webhook.self]
    )

    static let version = "0.1.0"
    static let userAgent = "persona-import/\(version)"
}
