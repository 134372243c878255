/// An inquiry resource as Persona returns it (`data` of a create or get, items of a list).
///
/// Decodes kebab-case keys; unknown members are ignored so new Persona attributes do no harm.
public struct Inquiry: Sendable, Equatable, Codable {
    /// Always `inquiry`.
    public var type: String
    /// `inq_…`.
    public var id: String
    /// The attributes the project reads.
    public var attributes: InquiryAttributes
    /// Links to the template and account, when sent.
    public var relationships: InquiryRelationships?

    /// Creates an inquiry resource.
    public init(
        type: String = "inquiry", id: String, attributes: InquiryAttributes,
        relationships: InquiryRelationships? = nil
    ) {
        self.type = type
        self.id = id
        self.attributes = attributes
        self.relationships = relationships
    }
}

/// The attributes of an ``Inquiry`` that the importer and the emulator use.
public struct InquiryAttributes: Sendable, Equatable, Codable {
    /// `status`.
    public var status: InquiryStatus
    /// `reference-id`.
    public var referenceID: String?
    /// `note`.
    public var note: String?
    /// `tags`.
    public var tags: [String]?
    /// `created-at`, ISO 8601 with milliseconds, e.g. `2025-03-10T19:47:47.000Z`.
    public var createdAt: String?
    /// `updated-at`.
    public var updatedAt: String?
    /// `expires-at`.
    public var expiresAt: String?
    /// `fields`: each `{"type": …, "value": …}`.
    public var fields: [String: InquiryField]?

    /// Creates attributes.
    public init(
        status: InquiryStatus, referenceID: String? = nil, note: String? = nil, tags: [String]? = nil,
        createdAt: String? = nil, updatedAt: String? = nil, expiresAt: String? = nil,
        fields: [String: InquiryField]? = nil
    ) {
        self.status = status
        self.referenceID = referenceID
        self.note = note
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.fields = fields
    }

    /// The kebab-case wire names.
    public enum CodingKeys: String, CodingKey {
        case status
        case referenceID = "reference-id"
        case note
        case tags
        case createdAt = "created-at"
        case updatedAt = "updated-at"
        case expiresAt = "expires-at"
        case fields
    }
}

/// One entry of an inquiry's `fields`: its type (`string`, `date`, …) and value.
public struct InquiryField: Sendable, Equatable, Codable {
    /// `type`, e.g. `string` or `date`.
    public var type: String
    /// `value`; only string values are read (others decode as nil).
    public var value: String?

    /// Creates a field.
    public init(type: String, value: String?) {
        self.type = type
        self.value = value
    }

    /// Decodes `type` and a string `value`; a non-string value (e.g. a government id object)
    /// decodes as nil rather than failing the whole inquiry.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "string"
        value = try? container.decodeIfPresent(String.self, forKey: .value)
    }

    /// The wire names.
    public enum CodingKeys: String, CodingKey {
        case type
        case value
    }
}

/// An inquiry's `relationships` that the project reads.
public struct InquiryRelationships: Sendable, Equatable, Codable {
    /// `inquiry-template`.
    public var inquiryTemplate: Relationship?
    /// `inquiry-template-version`.
    public var inquiryTemplateVersion: Relationship?
    /// `template` (legacy).
    public var template: Relationship?
    /// `account`.
    public var account: Relationship?

    /// Creates relationships.
    public init(
        inquiryTemplate: Relationship? = nil, inquiryTemplateVersion: Relationship? = nil,
        template: Relationship? = nil, account: Relationship? = nil
    ) {
        self.inquiryTemplate = inquiryTemplate
        self.inquiryTemplateVersion = inquiryTemplateVersion
        self.template = template
        self.account = account
    }

    /// The kebab-case wire names.
    public enum CodingKeys: String, CodingKey {
        case inquiryTemplate = "inquiry-template"
        case inquiryTemplateVersion = "inquiry-template-version"
        case template
        case account
    }
}

/// A JSON:API to-one relationship: `{"data": {"type", "id"}}` or `{"data": null}`.
public struct Relationship: Sendable, Equatable, Codable {
    /// A resource identifier.
    public struct Identifier: Sendable, Equatable, Codable {
        /// The resource type, e.g. `inquiry-template`.
        public var type: String
        /// The resource id.
        public var id: String

        /// Creates an identifier.
        public init(type: String, id: String) {
            self.type = type
            self.id = id
        }
    }

    /// The related resource, or nil.
    public var data: Identifier?

    /// Creates a relationship.
    public init(data: Identifier?) { self.data = data }
}

/// `{"data": inquiry}`: the body of a successful create or get.
public struct InquiryDocument: Sendable, Equatable, Codable {
    /// The inquiry.
    public var data: Inquiry

    /// Wraps an inquiry.
    public init(data: Inquiry) { self.data = data }
}
