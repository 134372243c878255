import ImportLedger

/// An error that stopped a run, by kind: the command-line policy maps kinds to exit codes and
/// advice, never the text. The message names the file, line or ledger and says what to do.
public struct RunFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    /// What failed; the raw value names it in metrics (`stop_reason` label).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The input file cannot be read, or is not what its format says.
        case input
        /// A mapping, schema or option that cannot be used.
        case configuration
        /// The ledger cannot be opened, read or written, or refuses the job.
        case ledger
        /// Another run holds the ledger.
        case ledgerLocked = "ledger-locked"
        /// This run lost the ledger's lock (its session on the ledger's server ended).
        case lockLost = "lock-lost"
        /// A file the run writes (the rejects file) cannot be written.
        case output
        /// Persona refused `--max-failures` rows in a row (the circuit breaker).
        case refusedRepeatedly = "refused-repeatedly"
        /// Validation rejected more rows than `--max-rejects` allows; nothing was sent.
        case tooManyRejects = "too-many-rejects"
    }

    public let kind: Kind
    /// What went wrong and what to do; never a field value.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// A ledger error, as a locked ledger or another ledger failure.
    public init(_ error: LedgerError) {
        self.init(error.isLocked ? .ledgerLocked : .ledger, error.message)
    }

    public var description: String { message }
}
