import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A local HTTP server that follows Persona's inquiry API contract: create, get and list
/// inquiries, with auth, rate limits, quotas, idempotency and injected faults.
///
/// Run it in-process (tests, the importer's tests) with ``withRunning(_:)`` or ``run(onListening:)``,
/// or as the `persona-emulator` executable through ``runUntilSignalled()``.
public struct PersonaEmulator: Sendable {
    private let core: EmulatorCore

    /// Creates an emulator; nothing listens until it runs.
    public init(configuration: EmulatorConfiguration = EmulatorConfiguration(), logger: Logger) {
        core = EmulatorCore(configuration: configuration, logger: logger)
    }

    /// The configuration it runs with.
    public var configuration: EmulatorConfiguration { core.configuration }

    /// Runs until the calling task is cancelled, calling `onListening` with the bound port
    /// (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onListening: onListening).run()
    }

    /// Runs until SIGINT or SIGTERM, then shuts down gracefully and returns. Once bound it
    /// prints `listening on http://HOST:PORT` as the first line on stdout and, when
    /// ``EmulatorConfiguration/portFile`` is set, writes the port there atomically.
    public func runUntilSignalled() async throws {
        let host = configuration.host
        let portFile = configuration.portFile
        let logger = core.logger
        try await makeApplication { port in
            // The port file first, so whoever sees the line can read the file at once.
            if let portFile {
                do {
                    try Self.writeAtomically(String(port) + "\n", to: portFile)
                } catch {
                    logger.error("could not write the port file", metadata: ["path": "\(portFile)", "error": "\(error)"])
                }
            }
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
        }.runService()
    }

    /// Starts the emulator, runs `body` with the bound port, then shuts it down gracefully
    /// (also when `body` throws).
    public func withRunning<Value: Sendable>(_ body: (Int) async throws -> Value) async throws -> Value {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = makeApplication { port in continuation.yield(port) }
        let services = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: core.logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                throw EmulatorConfigurationError("the emulator stopped before it was listening")
            }
            let result: Value
            do {
                result = try await body(port)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }

    /// A snapshot of the counters `GET /__emulator/stats` returns.
    public func stats() -> EmulatorStats { core.store.withLock { $0.snapshot() } }

    /// Empties inquiries, idempotency keys, counters and windows, like `POST /__emulator/reset`.
    public func reset() { core.reset() }

    private func makeApplication(onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        Application(
            responder: EmulatorResponder(core: core),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? 0)
            },
            logger: core.logger)
    }

    private static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw EmulatorConfigurationError("could not rename \(temporary) to \(path) (errno \(errno))")
        }
    }
}
