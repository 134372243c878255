import Foundation
import ImportCore
import JSON
import JSONSchema

/// Everything the map + validate stage needs, loaded and checked once before any record is read:
/// the mapping file (or header mode), the template, and the validation schema.
public struct MappingConfiguration: Sendable {
    /// Where the field list comes from.
    enum Mode: Sendable {
        /// A mapping file, parsed.
        case mapping(MappingFile)
        /// No mapping file: the input's headers are Persona field keys (and `reference-id`).
        case headers
    }

    let mode: Mode
    /// The template every inquiry is created from.
    public let template: InquiryDraft.Template
    /// The mapping file as named by the user, or nil in header mode.
    public let mappingFile: String?
    /// The schema every mapped record is validated against.
    public let schema: JSONSchema
    /// The schema's name for messages (`--schema` path, or the built-in name).
    public let schemaName: String
    /// The schema's JSON text, so each worker thread can compile its own copy (threads that
    /// share one compiled schema contend on its reference counts). Nil for a schema passed in.
    let schemaSource: [UInt8]?

    /// True when no mapping file is used: the input's headers must be Persona field keys.
    public var usesHeaderKeys: Bool {
        if case .headers = mode { return true }
        return false
    }

    /// Loads and checks the configuration.
    ///
    /// - Parameters:
    ///   - mappingFile: a YAML or JSON mapping file; nil when the input's headers already are
    ///     Persona field keys (then `templateOverride` is required).
    ///   - schemaFile: a JSON Schema replacing the built-in `inquiry-fields.schema.json`.
    ///   - templateOverride: `--template`; its prefix (`itmpl_`, `itmplv_`, `tmpl_`) decides the
    ///     kind, and it wins over the mapping file's template.
    public static func load(mappingFile: String?, schemaFile: String?, templateOverride: String?) throws(MappingError) -> MappingConfiguration {
        let (schema, source) = try loadSchema(schemaFile)
        guard let mappingFile else {
            return try MappingConfiguration(mode: .headers, fileTemplate: nil, mappingFile: nil, schema: schema, schemaSource: source, schemaFile: schemaFile, templateOverride: templateOverride)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: mappingFile))
        } catch {
            throw MappingError("\(mappingFile): cannot read the mapping file (\(error.localizedDescription)); check the --mapping path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MappingError("\(mappingFile): the mapping file is not UTF-8 text")
        }
        return try parse(mappingText: text, fileName: mappingFile, schema: schema, schemaSource: source, schemaFile: schemaFile, templateOverride: templateOverride)
    }

    /// Loads a mapping given as text (`fileName` names it in messages); nil `schema` uses the
    /// built-in one.
    public static func load(mappingText: String, fileName: String, schema: JSONSchema? = nil, templateOverride: String? = nil) throws(MappingError) -> MappingConfiguration {
        let resolved: JSONSchema
        if let schema { resolved = schema } else { resolved = try builtIn() }
        return try parse(mappingText: mappingText, fileName: fileName, schema: resolved, schemaSource: schema == nil ? builtInSource : nil, schemaFile: nil, templateOverride: templateOverride)
    }

    /// Header mode with an explicit schema (nil: the built-in one).
    public static func headerMode(template: String, schema: JSONSchema? = nil) throws(MappingError) -> MappingConfiguration {
        let resolved: JSONSchema
        if let schema { resolved = schema } else { resolved = try builtIn() }
        return try MappingConfiguration(mode: .headers, fileTemplate: nil, mappingFile: nil, schema: resolved, schemaSource: schema == nil ? builtInSource : nil, schemaFile: nil, templateOverride: template)
    }

    private static func parse(mappingText: String, fileName: String, schema: JSONSchema, schemaSource: [UInt8]?, schemaFile: String?, templateOverride: String?) throws(MappingError) -> MappingConfiguration {
        let document = try YAMLDocument(text: mappingText, file: fileName)
        let file = try MappingFileParser(file: fileName).parse(document.root)
        // The schema is the published contract of the format: check it too, so the two agree.
        let mappingSchema = try BuiltInSchemas.mapping.get()
        let errors = mappingSchema.validate(try document.json())
        if !errors.isEmpty {
            throw MappingError(errors.map { "\(fileName): \($0.description)" }.joined(separator: "\n")
                + "\n(see schemas/mapping.schema.json for the format)")
        }
        return try MappingConfiguration(mode: .mapping(file), fileTemplate: file.template, mappingFile: fileName, schema: schema, schemaSource: schemaSource, schemaFile: schemaFile, templateOverride: templateOverride)
    }

    private static func builtIn() throws(MappingError) -> JSONSchema {
        try BuiltInSchemas.inquiryFields.get()
    }

    private static var builtInSource: [UInt8] { Array(EmbeddedSchemas.inquiryFields.utf8) }

    private static func loadSchema(_ schemaFile: String?) throws(MappingError) -> (JSONSchema, [UInt8]) {
        guard let schemaFile else { return (try BuiltInSchemas.inquiryFields.get(), builtInSource) }
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: schemaFile)))
        } catch {
            throw MappingError("--schema \(schemaFile): cannot read the file (\(error.localizedDescription)); check the path")
        }
        do {
            return (try JSONSchema(try JSONValue(parsing: bytes)), bytes)
        } catch let error as JSONParseError {
            throw MappingError("--schema \(schemaFile):\(error.line):\(error.column): not valid JSON: \(error.message)")
        } catch let error as SchemaError {
            throw MappingError("--schema \(schemaFile): \(error.description); fix the schema or drop --schema to use the built-in one")
        } catch {
            throw MappingError("--schema \(schemaFile): \(error)")
        }
    }

    private init(mode: Mode, fileTemplate: InquiryDraft.Template?, mappingFile: String?, schema: JSONSchema, schemaSource: [UInt8]?, schemaFile: String?, templateOverride: String?) throws(MappingError) {
        self.mode = mode
        self.mappingFile = mappingFile
        self.schema = schema
        self.schemaSource = schemaSource
        self.schemaName = schemaFile ?? "the built-in inquiry-fields schema"
        if let templateOverride {
            guard let template = InquiryDraft.Template.parse(templateOverride) else {
                throw MappingError("--template: a template id must start with itmpl_ (inquiry template), itmplv_ (template version) or tmpl_ (legacy), followed by letters and digits")
            }
            self.template = template
        } else if let fileTemplate {
            self.template = fileTemplate
        } else if let mappingFile {
            throw MappingError("\(mappingFile): /template: no template: add template: { inquiry-template-id: itmpl_… } or pass --template")
        } else {
            throw MappingError("--template is required without a mapping file (the input's headers are used as Persona field keys); pass --template itmpl_… or a --mapping file that names the template")
        }
        if case .mapping(let file) = mode {
            for field in file.fields where !FieldProbe.allows(field.key, in: schema) {
                throw MappingError(file: mappingFile ?? "", pointer: field.source.pointer,
                    "\(schemaName) does not allow the field \"\(field.key)\"; use a Persona field key (\(PrefillFieldKeys.standard.joined(separator: ", "))) or pass --schema with a schema that allows it")
            }
        }
    }
}
