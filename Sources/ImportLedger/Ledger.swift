/// Where every row's outcome is kept, so a rerun resumes where the last run stopped.
///
/// Implementations serialise writes (one writer); every method commits before it returns, so
/// what a method wrote survives a process killed right after. ``InMemoryLedger`` backs tests;
/// ``SQLiteLedger`` is the file a run keeps. Each also keeps the created inquiries' statuses
/// and one-time links (``InquiryStatusStore``, ``InquiryLinkStore``), beside the rows.
public protocol Ledger: InquiryStatusStore, InquiryLinkStore {
    /// The job with `fingerprint`, if the ledger has it (reads only: for dry runs).
    func findJob(fingerprint: String) throws(LedgerError) -> JobRecord?

    /// Finds the job with `job.fingerprint`, or creates it.
    func openJob(_ job: JobDescription, now: Double) throws(LedgerError) -> JobRecord

    /// The rows a run of `job` skips, and those it resends the way they were first sent.
    func resumePlan(job: Int64, retryingFailed: Bool) throws(LedgerError) -> ResumePlan

    /// Marks rows `sending` with their keys and body digests, in one transaction.
    func markSending(_ intents: [SendIntent], job: Int64, now: Double) throws(LedgerError)

    /// Records outcomes, in one transaction.
    func record(_ updates: [RowUpdate], job: Int64, now: Double) throws(LedgerError)

    /// Sets or clears the job's completion time.
    func setCompleted(job: Int64, at time: Double?) throws(LedgerError)

    /// Rows per state for `job`.
    func counts(job: Int64) throws(LedgerError) -> StateCounts

    /// Every row of `job` in record order.
    func rows(job: Int64) throws(LedgerError) -> [LedgerRow]

    /// Every row, in any job, whose reference-id is one of `referenceIDs` and whose state is one
    /// of ``HistoryEntry/reportedStates``, by reference-id (nightly exports overlap: one person,
    /// one inquiry). One indexed query per call, whatever the count.
    func history(referenceIDs: [String]) throws(LedgerError) -> [String: [HistoryEntry]]

    /// Jobs started from `inputPath` that still have rows to send.
    func unfinishedJobs(inputPath: String) throws(LedgerError) -> [JobStatus]

    /// Every job, newest first, with its counts per state.
    func jobs() throws(LedgerError) -> [JobStatus]

    /// Rows in `states` across every job (for `reconcile`).
    func rows(inStates states: [RowState]) throws(LedgerError) -> [LedgerRow]
}
