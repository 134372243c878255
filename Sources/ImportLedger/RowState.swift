/// Where one row of a job stands. The ledger stores the raw value.
///
/// A row moves `pending → sending → created | failed`; `rejected` rows never leave the map
/// stage. `sending` is written (and committed) before the row's request goes out, so a process
/// killed at any instant leaves each row `pending`, `sending` or final.
public enum RowState: String, Sendable, CaseIterable, Codable {
    /// Known to the ledger but not sent yet (or put back after a stop before sending).
    case pending
    /// Its request may have reached Persona: resend with the same Idempotency-Key.
    case sending
    /// Persona created its inquiry; the inquiry id is recorded.
    case created
    /// Persona refused it for good (400, 404, 409, 422) or retries ran out.
    case failed
    /// Mapping or validation rejected it; nothing was sent.
    case rejected

    /// True when a run skips the row without sending anything. Failed rows are final unless
    /// the run retries them (`--retry-failed`).
    public func isFinal(retryingFailed: Bool) -> Bool {
        switch self {
        case .created: true
        case .failed: !retryingFailed
        case .pending, .sending, .rejected: false
        }
    }
}
