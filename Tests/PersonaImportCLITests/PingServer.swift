import Foundation
import Locking

/// A loopback HTTP server that answers every request 200 and keeps its request targets: the
/// dead-man's switch's far end (healthchecks.io) for the tests.
final class PingServer: @unchecked Sendable {
    // @unchecked: `socket` is set in init and only closed by stop(); the thread owns the loop.
    let port: Int
    private let socket: Int32
    private let received = Locked<[String]>([])
    /// False: requests are read and never answered (a server that hangs).
    private let answers: Bool
    private let silentConnections = Locked<[Int32]>([])

    init(answers: Bool = true) throws {
        self.answers = answers
        #if canImport(Glibc)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw EmulatorProcessError("socket() failed") }
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 16) == 0 else { throw EmulatorProcessError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in serve() }.start()
    }

    /// The request targets received so far (`/check/start?rid=…`).
    var targets: [String] { received.withLock { $0 } }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
        for connection in silentConnections.withLock({ $0 }) { close(connection) }
    }

    private func serve() {
        while true {
            let connection = accept(socket, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(connection, &buffer, buffer.count)
            if count > 0 {
                let head = String(decoding: buffer.prefix(count), as: UTF8.self)
                let requestLine = head.split(separator: "\r\n").first ?? ""
                let parts = requestLine.split(separator: " ")
                if parts.count >= 2 { received.withLock { $0.append(String(parts[1])) } }
            }
            guard answers else {
                silentConnections.withLock { $0.append(connection) }
                continue
            }
            let answer = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK".utf8)
            _ = write(connection, answer, answer.count)
            close(connection)
        }
    }
}
