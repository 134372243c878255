import Foundation
import PersonaWire

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

/// What a create's `meta` asks for besides the inquiry itself.
struct CreateExtras: Sendable, Equatable {
    var oneTimeLink = false
    var inquirySession = false
    /// `meta.one-time-link-expiration-seconds`; nil for Persona's default of 24 hours.
    var linkLifetimeSeconds: Int?
}

/// An inquiry as the store keeps it, compactly: its id's random part, when it was created, its
/// request packed, and a link to the previous inquiry with the same reference id. The id, the
/// account id and the timestamps' text are derived when an answer is written; a status other
/// than `created` lives in ``EmulatorStore/lifecycles``.
struct StoredInquiry: Sendable {
    var random: UInt64
    var createdAt: Double
    var command: PackedCommand
    /// The position of the newest older inquiry whose reference id hashes alike, or -1.
    var previousWithSameReferenceHash: Int32 = -1
}

/// An inquiry unpacked for writing an answer or matching a filter.
struct InquiryView: Sendable {
    var id: InquiryID
    var command: CreateCommand
    var createdAt: Date
    var lifecycle: InquiryLifecycle

    var sequence: Int { id.sequence }
    var accountID: String? {
        command.accountID ?? (command.autoCreateAccount ? id.autoCreatedAccountID : nil)
    }
    /// Persona's default: a created inquiry expires 24 hours later unless started.
    var expiresAt: Date { createdAt + 86400 }
}
