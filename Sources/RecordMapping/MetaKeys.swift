import JSON
import JSONSchema

/// The `meta` keys a mapping file may set, and how each one's value is given.
///
/// One home in this module: the mapping schema (`schemas/mapping.schema.json`, compiled in as
/// ``EmbeddedSchemas/mapping``), whose `properties.meta.properties` lists the keys Persona
/// accepts. The kind of each key is read from its schema: `{"type": "boolean"}` is a flag, a
/// `$ref` to `#/$defs/seconds` a whole number of seconds, a `$ref` to `#/$defs/meta-string` a
/// string from a column or a constant. So the schema check and the parser cannot disagree.
/// (The wire side's list is PersonaWire's `InquiryCreateMeta.knownKeys`; this module does not
/// depend on PersonaWire; ``names`` is public so a test that sees both can compare them.)
public enum MetaKeys {
    /// How a `meta` key's value is given.
    enum Kind: Sendable, Equatable {
        case bool
        case seconds
        /// A string: from a column or a constant; `prefix` is checked on constants.
        case string(prefix: String?)
    }

    /// The ID prefix a constant must have, for the keys that name a Persona object (the schema
    /// cannot say it: a column's value is only known per row).
    static let constantPrefixes: [String: String] = ["auto-create-account-type-id": "acttp_"]

    /// Every key with its kind, sorted by key; empty only if the embedded schema is broken,
    /// which `EmbeddedSchemaTests` rules out.
    static let all: [(key: String, kind: Kind)] = read(mappingSchema: EmbeddedSchemas.mapping)

    /// The kind of `key`, or nil when Persona does not accept it.
    static func kind(of key: String) -> Kind? {
        all.first { $0.key == key }?.kind
    }

    /// The keys a mapping file's `meta` may set, sorted.
    public static var names: [String] { all.map(\.key) }

    /// Reads `properties.meta.properties` of a mapping schema's text.
    static func read(mappingSchema text: String) -> [(key: String, kind: Kind)] {
        guard case .object(let root)? = try? JSONValue(parsing: Array(text.utf8)),
              case .object(let properties)? = root["properties"],
              case .object(let meta)? = properties["meta"],
              case .object(let keys)? = meta["properties"]
        else { return [] }
        return keys.keys.sorted().compactMap { key -> (key: String, kind: Kind)? in
            guard case .object(let schema)? = keys[key] else { return nil }
            if case .string("boolean")? = schema["type"] { return (key, .bool) }
            switch schema["$ref"] {
            case .string("#/$defs/seconds")?: return (key, .seconds)
            case .string("#/$defs/meta-string")?: return (key, .string(prefix: constantPrefixes[key]))
            default: return nil
            }
        }
    }
}
