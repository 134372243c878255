import HTTPTypes
import Hummingbird
import PersonaWire

/// Header names as `HTTPField.Name`s, built once.
enum EmulatorHeaders {
    static let requestID = name(PersonaHeader.requestID)
    static let rateLimitLimit = name(PersonaHeader.rateLimitLimit)
    static let rateLimitRemaining = name(PersonaHeader.rateLimitRemaining)
    static let rateLimitReset = name(PersonaHeader.rateLimitReset)
    static let quotaLimit = name(PersonaHeader.quotaLimit)
    static let quotaRemaining = name(PersonaHeader.quotaRemaining)
    static let quotaReset = name(PersonaHeader.quotaReset)
    static let quotaLimitAlt = name(PersonaHeader.quotaLimitAlt)
    static let quotaRemainingAlt = name(PersonaHeader.quotaRemainingAlt)
    static let quotaResetAlt = name(PersonaHeader.quotaResetAlt)
    static let retryAfter = name(PersonaHeader.retryAfter)
    static let idempotencyKey = name(PersonaHeader.idempotencyKey)
    static let keyInflection = name(PersonaHeader.keyInflection)
    static let personaVersion = name(PersonaHeader.personaVersion)
    /// Set on a replayed idempotent response (the emulator's own header, for tests).
    static let replayed = name("Persona-Emulator-Replayed")

    /// The quota header names (limit, remaining, reset) in `spelling`.
    static func quota(_ spelling: QuotaHeaderSpelling) -> (limit: HTTPField.Name, remaining: HTTPField.Name, reset: HTTPField.Name) {
        switch spelling {
        case .quota: (quotaLimit, quotaRemaining, quotaReset)
        case .quotaLimit: (quotaLimitAlt, quotaRemainingAlt, quotaResetAlt)
        }
    }

    private static func name(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name constant \(text)") }
        return name
    }
}
