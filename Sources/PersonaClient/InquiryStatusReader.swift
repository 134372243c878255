import Foundation
import PersonaWire

/// One inquiry's status as a list answer showed it.
public struct InquiryStatusReport: Sendable, Equatable {
    public var inquiryID: String
    public var status: String
    /// `updated-at`: when Persona last changed the inquiry; nil when the answer had none.
    public var updatedAt: Date?

    public init(inquiryID: String, status: String, updatedAt: Date?) {
        self.inquiryID = inquiryID
        self.status = status
        self.updatedAt = updatedAt
    }
}

/// Reads the statuses of many inquiries, 100 a request:
/// `GET /inquiries?filter[inquiry-id]=id,id,…&page[size]=100`. Every request passes the rate
/// gate like a create does; a 429 waits for the window and asks again (up to
/// ``rateLimitedTries`` times), a 5xx or no answer is asked again a second later (up to
/// ``serverErrorTries`` times).
public struct InquiryStatusReader: Sendable {
    /// The most ids Persona takes in one `filter[inquiry-id]`.
    public static let batchSize = 100
    /// Tries of one request while Persona answers 429, as a run's retry policy allows a create.
    public static let rateLimitedTries = 500
    /// Tries of one request while Persona answers 5xx or not at all.
    public static let serverErrorTries = 3

    let client: PersonaAPIClient
    let gate: RateGate

    public init(client: PersonaAPIClient, gate: RateGate) {
        self.client = client
        self.gate = gate
    }

    /// The statuses of `ids` (at most ``batchSize``); an id Persona does not list is left out.
    /// Nil when cancelled; a failure when Persona answered otherwise or not at all.
    public func statuses(of ids: [String]) -> Result<[InquiryStatusReport], PersonaFailure>? {
        precondition(ids.count <= Self.batchSize, "at most \(Self.batchSize) ids a request")
        let path = "/inquiries?" + [
            (InquiryListParameter.inquiryID, ids.joined(separator: ",")),
            (InquiryListParameter.pageSize, String(Self.batchSize)),
        ].map { InquiryLookup.encode($0.0) + "=" + InquiryLookup.encode($0.1) }.joined(separator: "&")
        var rateLimited = 0, serverErrors = 0
        while true {
            guard let ticket = gate.acquire(isCreate: false) else { return nil }
            let answer = client.get(path)
            let limited: LimitKind? = answer.status == 429 ? .rate : nil
            gate.complete(ticket, limits: answer.limits, limitedBy: limited)
            switch answer.outcome {
            case .failure(let failure) where failure.status == 429:
                rateLimited += 1
                if rateLimited >= Self.rateLimitedTries { return .failure(failure) }
            case .failure(let failure) where failure.status == 0 || failure.status >= 500:
                serverErrors += 1
                if serverErrors >= Self.serverErrorTries { return .failure(failure) }
                Thread.sleep(forTimeInterval: 1)
            case .failure(let failure): return .failure(failure)
            case .success(let body):
                guard let reports = Self.reports(body) else {
                    return .failure(PersonaFailure(status: answer.status, title: "unreadable inquiry list"))
                }
                return .success(reports)
            }
        }
    }

    /// The statuses of one list page (keys in any inflection); nil when the body is not a list.
    package static func reports(_ body: [UInt8]) -> [InquiryStatusReport]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let data = object["data"] as? [[String: Any]]
        else { return nil }
        var reports: [InquiryStatusReport] = []
        for resource in data {
            guard let id = resource["id"] as? String, let attributes = resource["attributes"] as? [String: Any],
                  let status = attributes["status"] as? String
            else { return nil }
            let updated = (attributes["updated-at"] ?? attributes["updatedAt"] ?? attributes["updated_at"]) as? String
            reports.append(InquiryStatusReport(inquiryID: id, status: status, updatedAt: updated.flatMap(Self.date)))
        }
        return reports
    }

    /// `2026-11-30T06:00:00.000Z`, with or without the fraction.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
