/// The inquiry one record maps to: everything `POST /inquiries` needs, before any wire encoding.
///
/// This is the typed boundary between the map/validate stage and the create stage. It knows
/// nothing of HTTP; the Persona client turns it into a request body.
public struct InquiryDraft: Sendable, Equatable {
    /// Which template the inquiry is created from. Persona takes exactly one.
    public enum Template: Sendable, Equatable {
        /// `inquiry-template-id` (`itmpl_…`).
        case inquiryTemplate(String)
        /// `inquiry-template-version-id` (`itmplv_…`).
        case inquiryTemplateVersion(String)
        /// Legacy `template-id` (`tmpl_…`).
        case legacyTemplate(String)
    }

    /// A value of the request's `meta` object.
    public enum MetaValue: Sendable, Equatable {
        case string(String)
        case bool(Bool)
        case integer(Int)
    }

    public var template: Template
    /// The customer's own id for the person; the key for reconciliation.
    public var referenceID: String?
    /// Prefilled fields in a stable order (kebab-case Persona keys), absent ones left out.
    public var fields: [(key: String, value: String)]
    public var tags: [String]
    public var note: String?
    /// The request's `meta` object, in a stable order.
    public var meta: [(key: String, value: MetaValue)]

    public init(
        template: Template,
        referenceID: String? = nil,
        fields: [(key: String, value: String)] = [],
        tags: [String] = [],
        note: String? = nil,
        meta: [(key: String, value: MetaValue)] = []
    ) {
        self.template = template
        self.referenceID = referenceID
        self.fields = fields
        self.tags = tags
        self.note = note
        self.meta = meta
    }

    /// The value of prefilled field `key`, if present.
    public func field(_ key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    public static func == (lhs: InquiryDraft, rhs: InquiryDraft) -> Bool {
        lhs.template == rhs.template && lhs.referenceID == rhs.referenceID
            && lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
            && lhs.tags == rhs.tags && lhs.note == rhs.note
            && lhs.meta.elementsEqual(rhs.meta) { $0.key == $1.key && $0.value == $1.value }
    }
}

/// A record that passed mapping and validation, with where it came from.
public struct ValidRecord: Sendable {
    public var line: Int
    public var number: Int
    public var draft: InquiryDraft

    public init(line: Int, number: Int, draft: InquiryDraft) {
        self.line = line
        self.number = number
        self.draft = draft
    }
}
