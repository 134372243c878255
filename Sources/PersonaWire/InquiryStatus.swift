/// An inquiry's `status`. Persona may add statuses without a version change, so any string is
/// kept; the documented ones are static members.
public struct InquiryStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The status as sent, e.g. `created`.
    public var rawValue: String

    /// Wraps a status string.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `created`: the status of a newly created inquiry.
    public static let created = InquiryStatus(rawValue: "created")
    /// `pending`.
    public static let pending = InquiryStatus(rawValue: "pending")
    /// `completed`.
    public static let completed = InquiryStatus(rawValue: "completed")
    /// `failed`.
    public static let failed = InquiryStatus(rawValue: "failed")
    /// `expired`.
    public static let expired = InquiryStatus(rawValue: "expired")
    /// `needs_review`.
    public static let needsReview = InquiryStatus(rawValue: "needs_review")
    /// `approved`.
    public static let approved = InquiryStatus(rawValue: "approved")
    /// `declined`.
    public static let declined = InquiryStatus(rawValue: "declined")

    /// The documented statuses.
    public static let known: [InquiryStatus] = [
        .created, .pending, .completed, .failed, .expired, .needsReview, .approved, .declined,
    ]

    /// The status string.
    public var description: String { rawValue }

    /// Decodes from a bare JSON string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a bare JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
