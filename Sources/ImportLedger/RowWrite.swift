/// The kinds of write a ledger makes to one row, and the one table of which states each may
/// change. Every ledger (in memory, SQLite, PostgreSQL) follows it: a write to a row in any
/// other state leaves the row as it is. `LedgerContractTests` checks every pair on each ledger.
///
/// The table's rules, in words:
/// - nothing ever leaves `created`, `duplicate-found`, `indeterminate` or `superseded` except
///   through `reconcile` (which settles `indeterminate` rows);
/// - a row whose request may have reached Persona (`sending`) is never rejected, marked
///   already imported from outside, or put back to `pending` if an earlier run left it
///   `sending` (``SendIntent`` marks that fact; see ``RowUpdate/unsent(record:)``);
/// - outcomes of a request (`created`, `failed`, `interrupted`, …) apply only to a row that is
///   `sending`, or, for a look-up's verdict, `indeterminate`.
public enum RowWrite: String, Sendable, CaseIterable {
    case intent
    case rejected
    case created
    case failed
    case unsent
    case interrupted
    case duplicateFound
    case duplicateElsewhere
    case indeterminate
    case alreadyImported
    case rekeyed
    case superseded

    /// The states this write changes.
    public var from: [RowState] {
        switch self {
        case .intent: [.pending, .sending, .failed, .rejected]
        case .rejected: [.pending, .failed, .rejected, .alreadyImported]
        case .alreadyImported: [.pending, .sending, .failed, .rejected, .alreadyImported]
        case .duplicateElsewhere: [.pending, .failed, .rejected, .alreadyImported]
        case .created, .duplicateFound, .rekeyed, .superseded: [.sending, .indeterminate]
        case .failed, .unsent, .interrupted, .indeterminate: [.sending]
        }
    }

    /// Whether the write creates a row the ledger does not hold yet.
    public var insertsMissingRow: Bool {
        switch self {
        case .intent, .rejected, .alreadyImported, .duplicateElsewhere: true
        default: false
        }
    }

    /// Whether the write changes a row in `state` (nil: no row yet).
    public func applies(to state: RowState?) -> Bool {
        guard let state else { return insertsMissingRow }
        return from.contains(state)
    }

    /// `'pending', 'sending'`: the `from` states as an SQL list, for the ledgers' guards.
    public var fromSQL: String {
        from.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}

extension RowUpdate {
    /// The kind of write this update is.
    public var write: RowWrite {
        switch self {
        case .rejected: .rejected
        case .created: .created
        case .failed: .failed
        case .unsent: .unsent
        case .interrupted: .interrupted
        case .duplicateFound: .duplicateFound
        case .duplicateElsewhere: .duplicateElsewhere
        case .indeterminate: .indeterminate
        case .alreadyImported: .alreadyImported
        case .rekeyed: .rekeyed
        case .superseded: .superseded
        }
    }
}

extension RowUpdate {
    /// The error text of a `duplicate-found` row: one wording for every ledger.
    public static func severalFound(_ count: Int, elsewhere: Bool) -> String {
        elsewhere
            ? "\(count) inquiries found for this reference-id by another job of this ledger"
            : "\(count) inquiries found for this reference-id"
    }

    /// The note a `superseded` row carries: which row took it over.
    public static func supersededNote(job: Int64, record: Int) -> String {
        "taken over by record \(record) of job \(job), which carries this person's outcome"
    }
}
