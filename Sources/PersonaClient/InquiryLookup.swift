import Foundation
import PersonaWire

/// An inquiry a look-up found, with the prefill fields Persona returned for it (by kebab-case
/// key; empty when the answer carried none), so a caller can tell which row's request it was.
public struct FoundInquiry: Sendable, Equatable {
    public var id: String
    public var fields: [String: String]

    public init(id: String, fields: [String: String] = [:]) {
        self.id = id
        self.fields = fields
    }

    /// False when a field that was sent came back with another value: the inquiry was not
    /// created from that body. A field Persona did not return is no evidence either way.
    public func agrees(with sent: [(key: String, value: String)]) -> Bool {
        sent.allSatisfy { field in fields[field.key].map { $0 == field.value } ?? true }
    }
}

/// What a look-up found: the inquiries, and whether it read every page.
public struct LookupResult: Sendable, Equatable {
    public var inquiries: [FoundInquiry]
    /// False when more pages were left past ``InquiryLookup``'s page cap.
    public var complete: Bool

    public init(inquiries: [FoundInquiry], complete: Bool = true) {
        self.inquiries = inquiries
        self.complete = complete
    }

    public var ids: [String] { inquiries.map(\.id) }
}

/// Finds the inquiries that exist for one reference-id: the read side of reconciliation.
///
/// `GET /inquiries?filter[reference-id]=…&filter[created-at-start]=…` (with the template when it
/// is an `itmpl_`), 100 a page. Persona documents `links.next` as the bare cursor
/// (`/api/v1/inquiries?page%5Bafter%5D=inq_…`, no filters), so every page is built from the
/// look-up's own filters plus the cursor; a page that names no cursor ends the list. Every page
/// passes the rate gate like a create does; a 429 waits for the window and asks again.
public struct InquiryLookup: Sendable {
    let client: PersonaAPIClient
    let gate: RateGate
    /// Pages read at most (1,000 inquiries at 100 a page); past it the result says it is not
    /// complete, and a caller treats the person as one for a human to look at.
    let maximumPages: Int
    /// Inquiries per page (`page[size]`, 1–100).
    let pageSize: Int

    public init(client: PersonaAPIClient, gate: RateGate, maximumPages: Int = 10, pageSize: Int = 100) {
        self.client = client
        self.gate = gate
        self.maximumPages = maximumPages
        self.pageSize = min(100, max(1, pageSize))
    }

    /// The inquiries with `referenceID` created at or after `since`, newest first; nil when
    /// cancelled; a failure when Persona answered otherwise or not at all.
    public func inquiries(referenceID: String, createdSince since: Date, templateID: String?) -> Result<LookupResult, PersonaFailure>? {
        var filters = [
            (InquiryListParameter.referenceID, referenceID),
            (InquiryListParameter.createdAtStart, Self.timestamp(since)),
            (InquiryListParameter.pageSize, String(pageSize)),
        ]
        if let templateID, PersonaIDPrefix.inquiryTemplate.matches(templateID) {
            filters.append((InquiryListParameter.inquiryTemplateID, templateID))
        }
        var found: [FoundInquiry] = []
        var after: String?
        var pages = 0
        while pages < maximumPages {
            let parameters = filters + (after.map { [(InquiryListParameter.pageAfter, $0)] } ?? [])
            let path = "/inquiries?" + parameters.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
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
                found += page.inquiries
                pages += 1
                guard let cursor = page.after, !page.inquiries.isEmpty else { return .success(LookupResult(inquiries: found)) }
                after = cursor
            }
        }
        return .success(LookupResult(inquiries: found, complete: false))
    }

    /// The inquiry ids of a look-up (see ``inquiries(referenceID:createdSince:templateID:)``).
    public func inquiryIDs(referenceID: String, createdSince since: Date, templateID: String?) -> Result<[String], PersonaFailure>? {
        inquiries(referenceID: referenceID, createdSince: since, templateID: templateID)?.map(\.ids)
    }

    /// The inquiries of one list page and the cursor of the next (`page[after]` of `links.next`,
    /// else the page's last id when `next` is given without one); nil when the body is not a list
    /// page. Package API for the `client-response` fuzz target.
    package static func page(_ body: [UInt8]) -> (inquiries: [FoundInquiry], after: String?)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let data = object["data"] as? [[String: Any]]
        else { return nil }
        var inquiries: [FoundInquiry] = []
        for resource in data {
            guard let id = resource["id"] as? String else { return nil }
            inquiries.append(FoundInquiry(id: id, fields: Self.fields(resource["attributes"] as? [String: Any] ?? [:])))
        }
        let links = object["links"] as? [String: Any]
        guard let next = links?["next"] as? String else { return (inquiries, nil) }
        return (inquiries, Self.cursor(inNext: next) ?? inquiries.last?.id)
    }

    /// The `page[after]` value of a `links.next` path, decoded.
    static func cursor(inNext next: String) -> String? {
        guard let query = next.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if parts.count == 2, parts[0] == InquiryListParameter.pageAfter, !parts[1].isEmpty { return parts[1] }
        }
        return nil
    }

    /// The prefill fields of an inquiry's attributes, by kebab-case key: `fields` (Persona's
    /// `{type, value}` objects, or bare values) first, then the older top-level copies
    /// (`name-first`, …). Keys in another inflection are turned to kebab case.
    static func fields(_ attributes: [String: Any]) -> [String: String] {
        var found: [String: String] = [:]
        for (key, value) in attributes {
            if let text = Self.scalar(value) { found[Self.kebab(key)] = text }
        }
        for (key, value) in attributes["fields"] as? [String: Any] ?? [:] {
            let inner = (value as? [String: Any])?["value"] ?? value
            if let text = Self.scalar(inner) { found[Self.kebab(key)] = text }
        }
        return found
    }

    private static func scalar(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }

    /// `nameFirst` and `name_first` → `name-first`.
    static func kebab(_ key: String) -> String {
        var result = ""
        for character in key {
            if character == "_" {
                result.append("-")
            } else if character.isUppercase {
                result.append("-")
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
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
