import Foundation
import ImportLedger

/// What the receiver keeps of one inquiry event: its id, name and time, the inquiry and the
/// status it reports. The payload's other attributes (the person's fields) are never kept.
public struct WebhookEvent: Sendable, Equatable {
    public var eventID: String
    /// `inquiry.approved`, …
    public var name: String
    /// The event's `created-at`, seconds since 1970.
    public var createdAt: Double
    public var inquiryID: String?
    /// The inquiry's status the event reports; nil for events that report none (`redacted`).
    public var status: String?

    /// The status record the event makes, if it reports one about an inquiry.
    public var statusRecord: InquiryStatusRecord? {
        guard let inquiryID, let status else { return nil }
        return InquiryStatusRecord(inquiryID: inquiryID, status: status, changedAt: createdAt)
    }

    /// The status an inquiry event's name implies, for a payload that carries none.
    static let statusByName: [String: String] = [
        "inquiry.created": "created", "inquiry.started": "pending", "inquiry.completed": "completed",
        "inquiry.approved": "approved", "inquiry.declined": "declined", "inquiry.failed": "failed",
        "inquiry.expired": "expired", "inquiry.marked-for-review": "needs_review",
    ]

    /// Reads an event body (keys in any inflection); nil when it is not one.
    public static func parse(_ body: [UInt8]) -> WebhookEvent? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let data = object["data"] as? [String: Any], let eventID = data["id"] as? String,
              let attributes = data["attributes"] as? [String: Any], let name = attributes["name"] as? String,
              let createdText = (attributes["created-at"] ?? attributes["createdAt"] ?? attributes["created_at"]) as? String, let createdAt = date(createdText)
        else { return nil }
        var event = WebhookEvent(eventID: eventID, name: name, createdAt: createdAt.timeIntervalSince1970)
        let payload = (attributes["payload"] as? [String: Any])?["data"] as? [String: Any]
        if (payload?["type"] as? String) == "inquiry" || name.hasPrefix("inquiry.") {
            event.inquiryID = payload?["id"] as? String
            event.status = ((payload?["attributes"] as? [String: Any])?["status"] as? String) ?? statusByName[name]
        }
        return event
    }

    init(eventID: String, name: String, createdAt: Double, inquiryID: String? = nil, status: String? = nil) {
        self.eventID = eventID
        self.name = name
        self.createdAt = createdAt
        self.inquiryID = inquiryID
        self.status = status
    }

    private static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
