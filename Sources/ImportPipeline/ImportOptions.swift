import Foundation
import ImportProtocol
import ImportReporting
import InputReaders

/// What `persona-import run` needs beyond reading and mapping.
public struct ImportOptions: Sendable {
    /// Input, reader, rejects file, map workers and batch size, as for `validate`.
    public var validation: ValidationOptions
    /// How rows are sent: workers, rate, the protocol's windows.
    public var sending = SendOptions()
    /// The mapping and schema files as named (part of the job's identity).
    public var mappingFile: String?
    public var schemaFile: String?
    /// Send rows that failed in an earlier run again.
    public var retryFailed = false
    /// Read, map, validate and consult the ledger; send nothing, write no ledger.
    public var dryRun = false
    /// Write rejected rows to the rejects file (off for the plan that precedes a run).
    public var writesRejects = true
    /// When to stop taking new rows.
    public var timeLimit: Duration?
    /// Reject valid rows without a reference-id (they could not be reconciled).
    public var requireReferenceID = false
    /// Start a new job although an unfinished job of the same input path had other contents.
    public var startNewJob = false

    public init(validation: ValidationOptions) {
        self.validation = validation
    }
}
