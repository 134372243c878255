import JSON
import PersonaWire

/// Checks a create body the way the contract describes and turns it into a ``CreateCommand``.
enum CreateRequestValidator {
    private static let templateKeys: [(key: String, snake: String, prefix: PersonaIDPrefix, kind: TemplateKind)] = [
        ("inquiry-template-id", "inquiry_template_id", .inquiryTemplate, .inquiryTemplate),
        ("inquiry-template-version-id", "inquiry_template_version_id", .inquiryTemplateVersion, .inquiryTemplateVersion),
        ("template-id", "template_id", .legacyTemplate, .legacyTemplate),
    ]
    private static let stringAttributes = [
        "reference-id", "account-id", "note", "creator-email-address", "redirect-uri", "theme-id",
        "theme-set-id", "initial-step-name",
    ]
    private static let knownMeta = Set(InquiryCreateMeta.knownKeys)

    /// How a create body is parsed: keys in kebab-case whatever the client's inflection
    /// (Persona accepts camel, kebab and snake alike; two spellings of one key are duplicates),
    /// nesting limited to 64 levels.
    static let parsing = JSONParsingOptions(maximumDepth: 64, memberNames: { KeyInflection.kebab($0) })

    /// The `data.attributes` keys the create schema lists; from 2025-10-27 on no others are taken.
    static let listedAttributes = Set(templateKeys.map(\.key) + stringAttributes + ["tags", "fields"])

    /// A create as validated: the inquiry to store, and what `meta` asks for besides.
    struct Validated: Sendable {
        var command: CreateCommand
        var extras: CreateExtras
    }

    /// Validates a parsed body whose keys are already kebab-case, as the API version's `shape` takes it.
    static func validate(_ body: JSONValue, shape: ResponseShape) -> Result<Validated, APIError> {
        guard case .object = body, let data = body["data"], case .object = data,
              let attributes = data["attributes"], case .object = attributes
        else {
            return .failure(.badRequest("data.attributes must be an object", pointer: "/data/attributes"))
        }

        if !shape.acceptsUnlistedAttributes, case .object(let entries) = attributes,
           let unlisted = entries.keys.sorted().first(where: { !listedAttributes.contains($0) }) {
            return .failure(.badRequest(
                "data.attributes.\(snake(unlisted)) is not a permitted parameter (from API version "
                    + "\(ResponseShape.fieldsOnlySince) on, prefill goes in data.attributes.fields)",
                pointer: "/data/attributes/\(unlisted)"))
        }

        var template: (kind: TemplateKind, id: String)?
        var templateCount = 0
        for entry in templateKeys {
            guard let value = attributes[entry.key], !isNull(value) else { continue }
            templateCount += 1
            guard case .string(let id) = value else {
                return .failure(.badRequest("data.attributes.\(entry.snake) must be a string", pointer: "/data/attributes/\(entry.key)"))
            }
            guard entry.prefix.matches(id) else {
                return .failure(.badRequest(
                    "data.attributes.\(entry.snake) must start with \(entry.prefix.name) (sent '\(id)')",
                    pointer: "/data/attributes/\(entry.key)"))
            }
            template = (entry.kind, id)
        }
        guard templateCount == 1, let template else {
            return .failure(.badRequest(
                "data.attributes must include exactly one of inquiry_template_id, inquiry_template_version_id or template_id",
                pointer: "/data/attributes"))
        }

        var strings: [String: String] = [:]
        for key in stringAttributes {
            guard let value = attributes[key], !isNull(value) else { continue }
            guard case .string(let text) = value else {
                return .failure(.badRequest(
                    "data.attributes.\(snake(key)) must be a string", pointer: "/data/attributes/\(key)"))
            }
            strings[key] = text
        }
        if let account = strings["account-id"], !PersonaIDPrefix.account.matches(account) {
            return .failure(.badRequest(
                "data.attributes.account_id must start with act (sent '\(account)')", pointer: "/data/attributes/account-id"))
        }

        var tags: [String] = []
        if let value = attributes["tags"], !isNull(value) {
            guard case .array(let items) = value else {
                return .failure(.badRequest("data.attributes.tags must be an array of strings", pointer: "/data/attributes/tags"))
            }
            for item in items {
                guard case .string(let tag) = item else {
                    return .failure(.badRequest("data.attributes.tags must be an array of strings", pointer: "/data/attributes/tags"))
                }
                tags.append(tag)
            }
        }

        var autoCreateAccount = true
        var extras = CreateExtras()
        if let meta = body["meta"], !isNull(meta) {
            guard case .object(let entries) = meta else {
                return .failure(.badRequest("meta must be an object", pointer: "/meta"))
            }
            for entry in entries.sorted(by: { $0.key < $1.key }) {
                guard knownMeta.contains(entry.key) else {
                    return .failure(.badRequest("meta.\(snake(entry.key)) is not a permitted parameter", pointer: "/meta/\(entry.key)"))
                }
                switch (entry.key, entry.value) {
                case ("auto-create-account", .bool(let flag)): autoCreateAccount = flag
                case ("auto-create-one-time-link", .bool(let flag)): extras.oneTimeLink = flag
                case ("auto-create-inquiry-session", .bool(let flag)): extras.inquirySession = flag
                case ("auto-create-one-time-link", _), ("auto-create-inquiry-session", _):
                    return .failure(.badRequest("meta.\(snake(entry.key)) must be true or false", pointer: "/meta/\(entry.key)"))
                case ("one-time-link-expiration-seconds", .null):
                    break
                case ("one-time-link-expiration-seconds", .integer(let seconds)) where seconds > 0:
                    extras.linkLifetimeSeconds = seconds
                case ("one-time-link-expiration-seconds", _):
                    return .failure(.badRequest(
                        "meta.one_time_link_expiration_seconds must be a positive integer", pointer: "/meta/\(entry.key)"))
                default:
                    break
                }
            }
        }

        var fields: [(key: String, value: String?)] = []
        var prefill: [String: JSONValue] = [:]
        if let value = attributes["fields"], !isNull(value) {
            guard case .object(let entries) = value else {
                return .failure(.badRequest("data.attributes.fields must be an object", pointer: "/data/attributes/fields"))
            }
            prefill = entries
        }
        // Before 2025-10-27 Persona also took prefill as top-level attributes; `fields` wins.
        if shape.acceptsUnlistedAttributes, case .object(let entries) = attributes {
            for key in PackedCommand.standardKeys where prefill[key] == nil {
                if let value = entries[key] { prefill[key] = value }
            }
        }
        do {
            let entries = prefill
            // In key order: JSON leaves member order without meaning, and the parsed object
            // does not keep it; sorting keeps the answers the same from one run to the next.
            fields.reserveCapacity(entries.count)
            for entry in entries.sorted(by: { $0.key < $1.key }) {
                switch entry.value {
                case .null:
                    fields.append((entry.key, nil))
                case .string(let text):
                    if entry.key == "birthdate", !Timestamp.isValidBirthdate(text) {
                        return .failure(.unprocessable(
                            "fields.birthdate must be a real date written YYYY-MM-DD",
                            pointer: "/data/attributes/fields/birthdate"))
                    }
                    fields.append((entry.key, text))
                default:
                    return .failure(.unprocessable(
                        "fields.\(entry.key) must be a string or null", pointer: "/data/attributes/fields/\(entry.key)"))
                }
            }
        }
        let command = CreateCommand(
            templateKind: template.kind, templateID: template.id, referenceID: strings["reference-id"],
            accountID: strings["account-id"], note: strings["note"], tags: tags, fields: fields,
            autoCreateAccount: autoCreateAccount)
        return .success(Validated(command: command, extras: extras))
    }

    private static func isNull(_ value: JSONValue) -> Bool {
        if case .null = value { return true }
        return false
    }

    private static func snake(_ key: String) -> String { KeyInflection.snake.convert(key) }
}
