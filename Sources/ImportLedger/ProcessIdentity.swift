import Foundation

/// `pid 4242 on host-a`: who holds a ledger's lock, for the message another run prints (and a
/// PostgreSQL connection's `application_name`).
public enum ProcessIdentity {
    /// This process.
    public static var current: String {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "pid \(getpid()) on \(hostName)"
    }
}
