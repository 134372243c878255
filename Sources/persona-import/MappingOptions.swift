import ImportCommands
import ArgumentParser

/// How records become inquiries: shared by every command that maps records.
struct MappingOptions: ParsableArguments {
    @Option(help: "Mapping file (YAML or JSON). Without it, the input's headers must be Persona field names.")
    var mapping: String?

    @Option(help: "JSON Schema (2020-12) the mapped fields must satisfy. Default: the built-in schemas/inquiry-fields.schema.json.")
    var schema: String?

    @Option(help: "Inquiry template id (itmpl_…, itmplv_… or tmpl_…); overrides the mapping file's.")
    var template: String?

    func validate() throws {
        if let template, !["itmpl_", "itmplv_", "tmpl_"].contains(where: template.hasPrefix) {
            throw ValidationError("--template must start with itmpl_, itmplv_ or tmpl_ (a Persona template id).")
        }
    }
}
