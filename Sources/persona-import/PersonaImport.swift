import ArgumentParser
import Logging

/// `persona-import`: creates Persona inquiries from a customer export.
@main
struct PersonaImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persona-import",
        abstract: "Create Persona inquiries from a customer export (CSV or XML).",
        discussion: """
            Examples:
              persona-import validate customers.csv --mapping customers.mapping.yaml
              PERSONA_API_KEY=persona_sandbox_… persona-import run customers.csv --mapping customers.mapping.yaml
              persona-import status --ledger customers.csv.ledger.sqlite
              persona-import export --state failed > failed.csv

            Exit codes: 0 success; 1 rows rejected, failed, unresolved or needing a person; \
            2 a file, configuration or ledger error; 3 the API refused the key; 64 invalid usage; \
            75 --time-limit reached with rows left; 130/143 interrupted by SIGINT/SIGTERM. \
            Run the same command again to resume after 1, 75, 130 or 143.
            """,
        version: PersonaImport.version,
        subcommands: [Run.self, Validate.self, Status.self, Export.self, Reconcile.self]
    )

    static let version = "0.1.0"
}
