import ImportCore

/// Where a value comes from: a column (or XML field path) and how it is transformed.
struct SourceSpec: Sendable {
    /// The column name as written in the input's header (or an XML field path).
    let column: String
    let chain: TransformChain
    /// Where it was declared, for setup errors (e.g. `/fields/birthdate`).
    let pointer: String
    /// The instance pointer schema errors use for this value (e.g. `/fields/birthdate`).
    let instancePointer: String
}

/// A mapped Persona field.
struct FieldSpec: Sendable {
    let key: String
    let source: SourceSpec
}

/// A `meta` entry: a constant, or a string from a column.
enum MetaSpec: Sendable {
    case constant(key: String, value: InquiryDraft.MetaValue)
    case column(key: String, source: SourceSpec)
}

/// The content of a mapping file, in file order.
struct MappingFile: Sendable {
    var template: InquiryDraft.Template?
    /// Where the template was declared (for messages).
    var templatePointer = "/template"
    var referenceID: SourceSpec?
    var fields: [FieldSpec] = []
    var tags: [String] = []
    var note: String?
    var meta: [MetaSpec] = []
}

extension InquiryDraft.Template {
    /// The template an id stands for, by its prefix; nil for an unknown prefix or bad characters.
    static func parse(_ id: String) -> InquiryDraft.Template? {
        func rest(after prefix: String) -> Bool {
            guard id.hasPrefix(prefix) else { return false }
            let tail = id.utf8.dropFirst(prefix.utf8.count)
            return !tail.isEmpty && tail.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            }
        }
        if rest(after: "itmplv_") { return .inquiryTemplateVersion(id) }
        if rest(after: "itmpl_") { return .inquiryTemplate(id) }
        if rest(after: "tmpl_") { return .legacyTemplate(id) }
        return nil
    }

    /// The attribute name Persona uses for this kind of template.
    var attributeName: String {
        switch self {
        case .inquiryTemplate: "inquiry-template-id"
        case .inquiryTemplateVersion: "inquiry-template-version-id"
        case .legacyTemplate: "template-id"
        }
    }

    /// The id itself.
    var id: String {
        switch self {
        case .inquiryTemplate(let id), .inquiryTemplateVersion(let id), .legacyTemplate(let id): id
        }
    }
}
