/// A ledger that cannot be opened, read or written. The message names the file and says what
/// to do; it never quotes row data.
public struct LedgerError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: Sendable, Equatable {
        case cannotOpen
        case newerSchema
        case io
        case unknownJob
        case locked
        case inputChanged
        case unreachable
    }

    private let code: Code
    /// What went wrong and what to do.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The ledger at `path` cannot be opened or created.
    public static func cannotOpen(_ path: String, _ reason: String) -> LedgerError {
        LedgerError(.cannotOpen, "\(path): cannot open the ledger (\(reason)); check the --ledger path and its permissions")
    }

    /// The ledger's schema is newer than this version of the tool knows.
    public static func newerSchema(_ path: String, version: String) -> LedgerError {
        LedgerError(.newerSchema, "\(path): the ledger was written by a newer persona-import (schema \(version)); use that version")
    }

    /// A read or a write failed; the transaction was rolled back.
    public static func io(_ path: String, _ reason: String) -> LedgerError {
        LedgerError(.io, "\(path): ledger write or read failed (\(reason)); nothing after the last commit was recorded")
    }

    /// The ledger has no job `id`.
    public static func unknownJob(_ id: Int64) -> LedgerError {
        LedgerError(.unknownJob, "the ledger has no job \(id)")
    }

    /// Another run holds the ledger's lock; `holder` says who (pid, host, start time).
    public static func locked(_ path: String, holder: String) -> LedgerError {
        LedgerError(.locked, "\(path): another persona-import run is using this ledger (\(holder)); wait for it to finish, or stop it first")
    }

    /// A ledger on a database server that cannot be reached, or whose connection was lost
    /// (`ledger` is its location with any password redacted). A run stops sending on it; what
    /// was committed before stays, so running again loses nothing.
    public static func unreachable(_ ledger: String, _ reason: String) -> LedgerError {
        LedgerError(
            .unreachable,
            "\(ledger): the ledger is unreachable (\(reason)); nothing after the last commit was recorded and a run sends nothing more. "
                + "Check the server, the network and the --ledger URL, then run the same command again: it resumes without loss or duplicates")
    }

    /// An unfinished job was started from other contents of the same input path.
    public static func inputChanged(_ path: String, jobID: Int64, started: String, left: Int) -> LedgerError {
        LedgerError(
            .inputChanged,
            "\(path) changed since job \(jobID) started on \(started) from this path, and that job is unfinished (\(left) rows not final). "
                + "Restore the file it started with and run again to finish it, or pass --start-new-job to import the new file "
                + "(rows whose reference-id that job created are then skipped as already-imported)")
    }

    /// True when another run holds the ledger.
    public var isLocked: Bool { code == .locked }

    /// True when the ledger was written by a newer version of the tool.
    public var isNewerSchema: Bool { code == .newerSchema }

    /// True when the ledger's database server could not be reached or the connection was lost.
    public var isUnreachable: Bool { code == .unreachable }
}
