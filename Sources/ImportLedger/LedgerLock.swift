import Foundation

/// One run at a time per ledger: an exclusive `flock` on `<ledger>.lock`, which the operating
/// system releases when the holder exits or dies, so a crash never leaves a stale lock. The
/// file says who holds it, for the message the next run prints.
public final class LedgerLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock for the ledger at `ledgerPath`, or fails at once naming the holder.
    public init(ledgerPath: String) throws(LedgerError) {
        path = ledgerPath + ".lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(path, String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.read(descriptor)
            _ = close(descriptor)
            throw .locked(ledgerPath, holder: holder)
        }
        self.descriptor = descriptor
        let started = ISO8601DateFormatter().string(from: Date())
        let text = "\(ProcessIdentity.current), since \(started)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        _ = flock(descriptor, LOCK_UN)
        _ = close(descriptor)
    }

    private static func read(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return "another process" }
        return String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
