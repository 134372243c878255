import Foundation

/// Which of the three template ids an inquiry was created with.
enum TemplateKind: Sendable {
    case inquiryTemplate
    case inquiryTemplateVersion
    case legacyTemplate
}

/// A validated create request: what will become an inquiry.
struct CreateCommand: Sendable {
    var templateKind: TemplateKind
    var templateID: String
    var referenceID: String?
    var accountID: String?
    var note: String?
    var tags: [String]
    /// Kebab-case keys, request order.
    var fields: [(key: String, value: String?)]
    var autoCreateAccount: Bool
}

/// An inquiry held in memory.
struct StoredInquiry: Sendable {
    var id: String
    /// Position in creation order; higher is newer.
    var sequence: Int
    var command: CreateCommand
    var accountID: String?
    var createdAt: Date
    var createdAtText: String
    var expiresAtText: String
    /// Values of ``InquiryEncoder/standardFieldNames`` taken from `fields`, in that order.
    var standardValues: [String?]
    var status: String { "created" }
}
