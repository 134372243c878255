import Foundation
import PersonaWire

/// Finds the inquiries that exist for one reference-id: the read side of reconciliation.
///
/// `GET /inquiries?filter[reference-id]=…&filter[created-at-start]=…` (with the template when it
/// is an `itmpl_`), 100 a page, following `links.next`. Every page passes the rate gate like a
/// create does; a 429 waits for the window and asks again.
public struct InquiryLookup: Sendable {
    let client: PersonaAPIClient
    let gate: RateGate
    /// Pages read at most: a reference-id with more inquiries than that is a duplicate anyway.
    let maximumPages: Int
    /// Inquiries per page (`page[size]`, 1–100).
    let pageSize: Int

    public init(client: PersonaAPIClient, gate: RateGate, maximumPages: Int = 10, pageSize: Int = 100) {
        self.client = client
        self.gate = gate
        self.maximumPages = maximumPages
        self.pageSize = min(100, max(1, pageSize))
    }

    /// The ids of the inquiries with `referenceID` created at or after `since`, newest first;
    /// nil when cancelled; a failure when Persona answered otherwise or not at all.
    public func inquiryIDs(referenceID: String, createdSince since: Date, templateID: String?) -> Result<[String], PersonaFailure>? {
        var parameters = [
            (InquiryListParameter.referenceID, referenceID),
            (InquiryListParameter.createdAtStart, Self.timestamp(since)),
            (InquiryListParameter.pageSize, String(pageSize)),
        ]
        if let templateID, PersonaIDPrefix.inquiryTemplate.matches(templateID) {
            parameters.append((InquiryListParameter.inquiryTemplateID, templateID))
        }
        var next: String? = "/inquiries?" + parameters.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        var ids: [String] = []
        var pages = 0
        while let path = next, pages < maximumPages {
            guard let ticket = gate.acquire(isCreate: false) else { return nil }
            let answer = client.get(path)
            let limited: LimitKind? = answer.status == 429 ? .rate : nil
            gate.complete(ticket, limits: answer.limits, limitedBy: limited)
            if limited != nil { continue }
            switch answer.outcome {
            case .failure(let failure): return .failure(failure)
            case .success(let body):
                guard let page = Self.page(body) else {
                    return .failure(PersonaFailure(status: answer.status, title: "unreadable inquiry list"))
                }
                ids += page.ids
                next = page.next
                pages += 1
            }
        }
        return .success(ids)
    }

    /// The inquiry ids of one list page and the path of the next page; nil when the body is not
    /// a list page. Package API for the `client-response` fuzz target.
    package static func page(_ body: [UInt8]) -> (ids: [String], next: String?)? {
        guard let page = try? JSONDecoder().decode(IDPage.self, from: Data(body)) else { return nil }
        return (page.data.map(\.id), page.links?.next)
    }

    /// `2026-11-30T06:00:00.000Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// The members of a list page the lookup reads; the rest may be stripped or in another case.
private struct IDPage: Decodable {
    struct Resource: Decodable {
        var id: String
    }

    struct Links: Decodable {
        var next: String?
    }

    var data: [Resource]
    var links: Links?
}
