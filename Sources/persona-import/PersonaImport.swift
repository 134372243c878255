import ArgumentParser
import Logging

/// `persona-import`: creates Persona inquiries from a customer export.
@main
struct PersonaImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persona-import",
        abstract: "Create Persona inquiries from a customer export (CSV or XML).",
        discussion: """
            Exit codes: 0 success; 1 some rows were rejected (see the rejects file); \
            2 a file or configuration error stopped the run; 64 invalid command-line usage.
            """,
        version: PersonaImport.version,
        subcommands: [Run.self, Validate.self, Status.self, Export.self, Reconcile.self]
    )

    static let version = "0.1.0"
}
