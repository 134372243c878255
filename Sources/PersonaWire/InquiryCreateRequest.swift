/// The body of `POST /api/v1/inquiries` (JSON:API): `data.attributes` plus an optional `meta`.
///
/// Encodes with kebab-case keys, Persona's default. Absent optional attributes are left out;
/// a field whose value is nil is sent as JSON `null`.
public struct InquiryCreateRequest: Sendable, Equatable, Codable {
    /// The JSON:API `data` member.
    public struct Payload: Sendable, Equatable, Codable {
        /// The inquiry's attributes.
        public var attributes: InquiryCreateAttributes

        /// Wraps the attributes.
        public init(attributes: InquiryCreateAttributes) { self.attributes = attributes }
    }

    /// `data`.
    public var data: Payload
    /// `meta`; nil leaves it out.
    public var meta: InquiryCreateMeta?

    /// Creates a request body.
    public init(attributes: InquiryCreateAttributes, meta: InquiryCreateMeta? = nil) {
        self.data = Payload(attributes: attributes)
        self.meta = meta
    }
}

/// `data.attributes` of a create request. Exactly one of the three template ids must be set.
public struct InquiryCreateAttributes: Sendable, Equatable, Codable {
    /// `inquiry-template-id` (`itmpl_…`).
    public var inquiryTemplateID: String?
    /// `inquiry-template-version-id` (`itmplv_…`).
    public var inquiryTemplateVersionID: String?
    /// Legacy `template-id` (`tmpl_…`).
    public var templateID: String?
    /// `reference-id`: the customer's own id for the person.
    public var referenceID: String?
    /// `account-id` (`act_…`).
    public var accountID: String?
    /// `note`.
    public var note: String?
    /// `tags`.
    public var tags: [String]?
    /// `creator-email-address`.
    public var creatorEmailAddress: String?
    /// `redirect-uri`.
    public var redirectURI: String?
    /// `theme-id`.
    public var themeID: String?
    /// `theme-set-id`.
    public var themeSetID: String?
    /// `initial-step-name`.
    public var initialStepName: String?
    /// Prefilled `fields`, in order.
    public var fields: PersonaFields?

    /// Creates attributes; set exactly one template id.
    public init(
        inquiryTemplateID: String? = nil,
        inquiryTemplateVersionID: String? = nil,
        templateID: String? = nil,
        referenceID: String? = nil,
        accountID: String? = nil,
        note: String? = nil,
        tags: [String]? = nil,
        creatorEmailAddress: String? = nil,
        redirectURI: String? = nil,
        themeID: String? = nil,
        themeSetID: String? = nil,
        initialStepName: String? = nil,
        fields: PersonaFields? = nil
    ) {
        self.inquiryTemplateID = inquiryTemplateID
        self.inquiryTemplateVersionID = inquiryTemplateVersionID
        self.templateID = templateID
        self.referenceID = referenceID
        self.accountID = accountID
        self.note = note
        self.tags = tags
        self.creatorEmailAddress = creatorEmailAddress
        self.redirectURI = redirectURI
        self.themeID = themeID
        self.themeSetID = themeSetID
        self.initialStepName = initialStepName
        self.fields = fields
    }

    /// The kebab-case wire names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case inquiryTemplateID = "inquiry-template-id"
        case inquiryTemplateVersionID = "inquiry-template-version-id"
        case templateID = "template-id"
        case referenceID = "reference-id"
        case accountID = "account-id"
        case note
        case tags
        case creatorEmailAddress = "creator-email-address"
        case redirectURI = "redirect-uri"
        case themeID = "theme-id"
        case themeSetID = "theme-set-id"
        case initialStepName = "initial-step-name"
        case fields
    }
}

/// Prefilled inquiry `fields`: kebab-case keys to string values or null. Entries keep their
/// order, though `JSONEncoder` may not (Persona does not care about key order).
public struct PersonaFields: Sendable, Equatable, Codable {
    /// One field.
    public struct Entry: Sendable, Equatable {
        /// The kebab-case field name, e.g. `name-first`.
        public var key: String
        /// The value; nil is sent as `null`.
        public var value: String?

        /// Creates an entry.
        public init(key: String, value: String?) {
            self.key = key
            self.value = value
        }
    }

    /// The fields in the order they are encoded.
    public var entries: [Entry]

    /// Creates fields from entries in order.
    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// The value of field `key` (nil when absent or null).
    public subscript(key: String) -> String? {
        entries.first { $0.key == key }?.value
    }

    /// Encodes as a JSON object in entry order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        for entry in entries {
            let key = DynamicKey(entry.key)
            if let value = entry.value {
                try container.encode(value, forKey: key)
            } else {
                try container.encodeNil(forKey: key)
            }
        }
    }

    /// Decodes a JSON object of strings and nulls (key order is not preserved by decoders).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        entries = try container.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
            Entry(key: key.stringValue, value: try container.decodeIfPresent(String.self, forKey: key))
        }
    }
}

/// The create request's `meta`: only the keys in ``knownKeys`` are allowed.
public struct InquiryCreateMeta: Sendable, Equatable, Codable {
    /// A `meta` value.
    public enum Value: Sendable, Equatable, Codable {
        /// A JSON string.
        case string(String)
        /// A JSON boolean.
        case bool(Bool)
        /// A JSON integer.
        case integer(Int)

        /// Decodes a string, boolean or integer.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else if let integer = try? container.decode(Int.self) {
                self = .integer(integer)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        /// Encodes as the bare JSON value.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            }
        }
    }

    /// The `meta` keys Persona accepts on create (kebab-case); any other is a 400.
    public static let knownKeys: [String] = [
        "auto-create-account",
        "auto-create-account-type-id",
        "auto-create-account-reference-id",
        "expiration-after-create-interval-seconds",
        "expiration-after-start-interval-seconds",
        "expiration-after-resume-interval-seconds",
        "one-time-link-expiration-seconds",
        "auto-create-inquiry-session",
        "auto-create-one-time-link",
    ]

    /// The entries in the order they are encoded.
    public var entries: [(key: String, value: Value)]

    /// Creates `meta` from entries in order.
    public init(_ entries: [(key: String, value: Value)] = []) { self.entries = entries }

    /// The value of `key`, if present.
    public subscript(key: String) -> Value? {
        entries.first { $0.key == key }?.value
    }

    /// Compares entries in order.
    public static func == (lhs: InquiryCreateMeta, rhs: InquiryCreateMeta) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    /// Encodes as a JSON object in entry order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        for entry in entries { try container.encode(entry.value, forKey: DynamicKey(entry.key)) }
    }

    /// Decodes a JSON object (key order is not preserved by decoders).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        entries = try container.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
            (key.stringValue, try container.decode(Value.self, forKey: key))
        }
    }
}

/// A coding key made from any string, for JSON objects with open-ended keys.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
