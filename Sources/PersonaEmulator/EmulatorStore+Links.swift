import Foundation
import PersonaWire

/// How a create was answered, kept under its Idempotency-Key so that a replay answers the same.
struct CreatedAnswer: Sendable {
    var inflection: KeyInflection
    var shape: ResponseShape
    var meta: CreateMetaAnswer
}

/// A create answer's `meta`: each value null unless the create asked for it.
struct CreateMetaAnswer: Sendable, Equatable {
    var sessionToken: String?
    var link: IssuedLink?
}

/// A one-time link as answered: both URLs point at the emulator itself.
struct IssuedLink: Sendable, Equatable {
    var url: String
    var shortURL: String
}

/// A one-time link the store issued.
struct OneTimeLink: Sendable {
    var sequence: Int
    var expiresAt: Double
    var used = false
}

/// What opening a one-time link found.
enum LinkOpening: Sendable, Equatable {
    case opened(inquiryID: String)
    case alreadyUsed
    case expired
    case unknown
}

extension EmulatorStore {
    /// Persona's default lifetime of a one-time link.
    static let defaultLinkLifetimeSeconds = 24 * 3600
    /// Where the emulator serves its one-time links (`?code=`), and their short form (`/code`).
    static let linkPath = "/verify"
    static let shortLinkPath = "/v"

    /// Issues a one-time link to the inquiry at `sequence`.
    mutating func issueLink(for sequence: Int, lifetimeSeconds: Int?, now: Date, origin: String) -> IssuedLink {
        let code = ids.base58(count: 32)
        let lifetime = Double(lifetimeSeconds ?? Self.defaultLinkLifetimeSeconds)
        oneTimeLinks[code] = OneTimeLink(sequence: sequence, expiresAt: now.timeIntervalSince1970 + lifetime)
        return IssuedLink(url: origin + Self.linkPath + "?code=" + code, shortURL: origin + Self.shortLinkPath + "/" + code)
    }

    /// An opaque inquiry-session token (the emulator keeps no sessions).
    mutating func sessionToken() -> String {
        "emulator-session." + ids.base58(count: 40)
    }

    /// Opens a one-time link: the first opening before it expires succeeds, and uses it up.
    mutating func openLink(code: String, now: Date) -> LinkOpening {
        guard var link = oneTimeLinks[code] else { return .unknown }
        guard !link.used else { return .alreadyUsed }
        guard now.timeIntervalSince1970 < link.expiresAt else { return .expired }
        link.used = true
        oneTimeLinks[code] = link
        return .opened(inquiryID: InquiryID(random: inquiries[link.sequence].random, sequence: link.sequence).text)
    }

    /// `POST /inquiries/{id}/generate-one-time-link`: a fresh link while the person can still
    /// verify (created or pending); an inquiry that is finished gets a 422.
    mutating func generateLink(
        id: String, lifetimeSeconds: Int?, now: Date, origin: String
    ) -> Result<(InquiryView, IssuedLink), APIError> {
        guard let sequence = sequence(ofID: id) else { return .failure(.notFound(inquiry: id)) }
        let status = status(at: sequence)
        guard status == .created || status == .pending else {
            return .failure(.unprocessable(
                "A one-time link cannot be generated for an inquiry with status \(status.rawValue)", pointer: "/data"))
        }
        let link = issueLink(for: sequence, lifetimeSeconds: lifetimeSeconds, now: now, origin: origin)
        return .success((view(sequence), link))
    }

    /// `POST /inquiries/{id}/perform-simulate-actions`: every action in order, or none. Returns
    /// the inquiry and its lifecycle after each action (for the webhooks).
    mutating func simulate(
        _ actions: [SimulateAction], id: String, now: Date
    ) -> Result<(InquiryView, [(SimulateAction, InquiryLifecycle)]), APIError> {
        guard let sequence = sequence(ofID: id) else { return .failure(.notFound(inquiry: id)) }
        var lifecycle = lifecycles[sequence] ?? InquiryLifecycle()
        var steps: [(SimulateAction, InquiryLifecycle)] = []
        for action in actions {
            switch lifecycle.applying(action, at: now) {
            case .success(let next):
                lifecycle = next
                steps.append((action, next))
            case .failure(let refusal):
                return .failure(refusal.apiError)
            }
        }
        lifecycles[sequence] = lifecycle
        return .success((view(sequence), steps))
    }
}
