import AsyncHTTPClient
import Foundation
import NIOCore
import PersonaEmulator
import Testing

/// Runs the built `persona-emulator` binary, which sits next to the test bundle.
@Suite("persona-emulator executable")
struct ExecutableTests {
    static func binary() throws -> URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for directory in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent("persona-emulator")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestFailure("persona-emulator not found next to \(bundleDirectory.path); swift test builds it with the package")
    }

    @Test("prints the listening line first, writes the port file and exits 0 on SIGTERM and SIGINT")
    func listenAndStop() async throws {
        for signal in [SIGTERM, SIGINT] {
            let portFile = FileManager.default.temporaryDirectory
                .appendingPathComponent("emulator-port-\(UUID().uuidString)").path
            let process = Process()
            process.executableURL = try Self.binary()
            process.arguments = ["--port", "0", "--port-file", portFile, "--log-level", "error"]
            var environment = ProcessInfo.processInfo.environment
            environment[EmulatorConfiguration.apiKeysEnvironmentVariable] = "persona_sandbox_env1, persona_sandbox_env2"
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }

            let line = await Self.firstLine(of: output.fileHandleForReading, process: process)
            let port = try #require(Int(line.replacingOccurrences(of: "listening on http://127.0.0.1:", with: "")))
            #expect(line == "listening on http://127.0.0.1:\(port)")
            #expect(port > 0)
            let written = try String(contentsOfFile: portFile, encoding: .utf8)
            #expect(written.trimmingCharacters(in: .whitespacesAndNewlines) == String(port))
            try? FileManager.default.removeItem(atPath: portFile)

            // It answers over the socket.
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let response = try await http.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/__emulator/stats"), timeout: .seconds(10))
                #expect(response.status.code == 200)
                let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
                #expect(body.contains("inquiries-created"))
                // Keys come from PERSONA_EMULATOR_API_KEYS when no --api-key is given.
                for (key, status) in [("persona_sandbox_env2", 200), (EmulatorConfiguration.defaultAPIKey, 401)] {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/inquiries")
                    request.headers.add(name: "Authorization", value: "Bearer \(key)")
                    let listed = try await http.execute(request, timeout: .seconds(10))
                    _ = try await listed.body.collect(upTo: 1 << 20)
                    #expect(Int(listed.status.code) == status)
                }
            } catch {
                Issue.record("the executable did not answer: \(error)")
            }
            try await http.shutdown()

            kill(process.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!process.isRunning)
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)
        }
    }

    @Test("invalid option values are rejected with a clear message")
    func invalidOptions() throws {
        for (arguments, expected) in [
            (["--rate-limit", "abc"], "--rate-limit must look like 300/60s"),
            (["--fault-5xx", "1.5"], "--fault-5xx must be a probability between 0 and 1"),
            (["--idempotency-ttl", "forever"], "--idempotency-ttl must be a positive duration"),
            (["--key-inflection", "pascal"], "--key-inflection must be camel, kebab or snake"),
            (["--idempotency-ttl", "1e12d"], "--idempotency-ttl must be a duration between 1ms and 3650d"),
            (["--rate-limit", "1/1e-12s"], "--rate-limit needs a period between 1ms and 3650d"),
            (["--creation-quota", "5/1e300"], "--creation-quota needs a period between 1ms and 3650d"),
            (["--latency", "1e300"], "--latency must be at most 315360000000 milliseconds"),
            (["--fault-5xx-stored", "2"], "--fault-5xx-stored must be a probability between 0 and 1"),
            (["--quota-status", "500"], "--quota-status must be 403 or 429"),
            (["--quota-headers", "ratelimit"], "--quota-headers must be quota or quotalimit"),
        ] {
            let process = Process()
            process.executableURL = try Self.binary()
            process.arguments = arguments
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 64)
            #expect(text.contains(expected))
        }
    }

    @Test("--help describes the stored-5xx fault and the quota options")
    func help() throws {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["--help"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for expected in ["--fault-5xx-stored", "--quota-status", "--quota-headers", "quotalimit", "1ms to 3650d"] {
            #expect(text.contains(expected), "\(expected)")
        }
    }

    /// Reads the first stdout line on a plain thread (the read blocks); kills the process if
    /// no line comes within 20 s so the read ends.
    private static func firstLine(of handle: FileHandle, process: Process) async -> String {
        let pid = process.processIdentifier
        let done = LockedFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) {
            if !done.isSet { kill(pid, SIGKILL) }
        }
        defer { done.set() }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while true {
                    let chunk = handle.readData(ofLength: 1)
                    guard let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}

/// A flag set once, readable from any thread.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
