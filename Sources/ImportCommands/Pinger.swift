import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Sends a run's pings, each within `timeout`: a ping that cannot be delivered is logged and
/// changes nothing else (not the exit code, not the run).
public final class Pinger: Sendable {
    private let url: PingURL
    private let runID = UUID()
    private let timeout: TimeAmount
    private let logger: Logger

    public init(url: PingURL, timeout: Duration = .seconds(5), logger: Logger) {
        self.url = url
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        self.logger = logger
    }

    /// Sends `event`; true when the server answered 2xx.
    @discardableResult
    public func ping(_ event: PingURL.Event) -> Bool {
        guard let target = url.url(event, runID: runID) else { return false }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: timeout, read: timeout)
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { try? client.syncShutdown() }
        do {
            let request = try HTTPClient.Request(url: target, method: .GET)
            let response = try client.execute(request: request, deadline: .now() + timeout).wait()
            guard (200..<300).contains(response.status.code) else {
                logger.warning("ping not accepted", metadata: ["ping": "\(url.redacted)", "status": "\(response.status.code)"])
                return false
            }
            return true
        } catch {
            logger.warning("ping not delivered", metadata: ["ping": "\(url.redacted)", "error": "\(Self.describe(error))"])
            return false
        }
    }

    /// An error without the URL (AsyncHTTPClient's may quote it).
    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout:
            "no answer in time"
        default:
            "could not connect or send"
        }
    }
}
