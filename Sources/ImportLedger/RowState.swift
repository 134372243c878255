/// Where one row of a job stands. The ledger stores the raw value.
///
/// A row moves `pending → sending → created | failed`; `rejected` rows never leave the map
/// stage. Which write may change a row in which state is one table, ``RowWrite``, that every
/// ledger follows. `sending` is written (and committed) before the row's request goes out, so a process
/// killed at any instant leaves each row `pending`, `sending` or final. A `sending` row whose
/// outcome cannot be known by resending (a 5xx, or past the idempotency window) is reconciled
/// by reference-id: `created`, `duplicate-found`, or sent again under a new key;
/// without a reference-id it becomes `indeterminate`.
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
    /// Reconciliation found more than one inquiry for it: a person decides which to keep.
    case duplicateFound = "duplicate-found"
    /// Sent with an unknown outcome, past the idempotency window, and without a reference-id
    /// to look it up by: not resent; a person decides (`persona-import reconcile`).
    case indeterminate
    /// Its reference-id already has an inquiry created by another job in this ledger.
    case alreadyImported = "already-imported"
    /// An earlier job's row for a person that a later job's row took over: its request may have
    /// reached Persona, a look-up found nothing, and the later row carries the person's outcome.
    /// Never sent again on its own.
    case superseded

    /// True when a run skips the row without sending anything. Failed rows are final unless
    /// the run retries them (`--retry-failed`).
    public func isFinal(retryingFailed: Bool) -> Bool {
        switch self {
        case .created, .duplicateFound, .indeterminate, .alreadyImported, .superseded: true
        case .failed: !retryingFailed
        case .pending, .sending, .rejected: false
        }
    }
}

extension RowState {
    /// Rows a person has to look at.
    public var needsAPerson: Bool { self == .duplicateFound || self == .indeterminate }
}
