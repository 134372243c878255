import Foundation
import Testing

/// A running `persona-emulator` binary (built beside `persona-import`), on a free loopback port.
///
/// Started with `--port 0 --port-file FILE` plus the test's options; its log (warnings and up)
/// goes to a file in its own temporary folder and is quoted when it fails to start. Stopped with
/// SIGTERM by ``stop()`` or when dropped.
final class EmulatorProcess {
    /// The emulator's built-in sandbox key.
    static let defaultKey = "persona_sandbox_00000000-0000-4000-8000-000000000000"

    let port: Int
    private let process: Process
    private let directory: URL
    private let logFile: URL

    /// Starts the emulator and waits (at most 30 s) for it to write its port file.
    init(_ options: [String] = []) throws {
        let executable = Importer.productsDirectory.appendingPathComponent("persona-emulator")
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "build persona-emulator first (swift build --build-tests builds every product): not found at \(executable.path)"
        )
        directory = try makeTemporaryDirectory()
        logFile = directory.appendingPathComponent("emulator.log")
        let portFile = directory.appendingPathComponent("port")
        guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
            throw EmulatorProcessError("cannot create \(logFile.path)")
        }
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }

        process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--port-file", portFile.path, "--log-level", "warning"] + options
        // The built-in key only: no key list from the environment of whoever runs the tests.
        var environment = ProcessInfo.processInfo.environment
        environment["PERSONA_EMULATOR_API_KEYS"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()

        // The port file is written atomically once the socket is bound.
        var port: Int?
        let deadline = Date().addingTimeInterval(30)
        while port == nil, process.isRunning, Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8) {
                port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if port == nil { usleep(10_000) }
        }
        guard let port else {
            let running = process.isRunning
            if running { kill(process.processIdentifier, SIGKILL) }
            let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw EmulatorProcessError(
                running
                    ? "persona-emulator wrote no port file within 30 s; log:\n\(text)"
                    : "persona-emulator exited (status \(process.terminationStatus)) before listening; log:\n\(text)")
        }
        self.port = port
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The `--api-base` that reaches this emulator.
    var apiBase: String { "http://127.0.0.1:\(port)/api/v1" }

    /// What the emulator logged so far (warnings and up), for failure messages.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// `GET /__emulator/stats`, decoded.
    func stats() throws -> Stats {
        let (status, body) = try LoopbackHTTP.get(port: port, path: "/__emulator/stats")
        guard status == 200 else {
            throw EmulatorProcessError("GET /__emulator/stats answered \(status): \(String(decoding: body, as: UTF8.self))")
        }
        return try JSONDecoder().decode(Stats.self, from: body)
    }

    /// SIGTERM, then up to 10 s for a graceful exit, then SIGKILL. Safe to call more than once.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The part of `GET /__emulator/stats` the tests read (kebab-case keys on the wire).
    struct Stats: Decodable, Equatable {
        /// A reference-id held by more than one inquiry.
        struct DuplicateReference: Decodable, Equatable {
            var referenceID: String
            var inquiryIDs: [String]

            enum CodingKeys: String, CodingKey {
                case referenceID = "reference-id"
                case inquiryIDs = "inquiry-ids"
            }
        }

        /// API requests received, whatever became of them.
        var requests: Int
        /// Responses by status code ("201", "401", …); dropped connections are not responses.
        var responses: [String: Int]
        var inquiriesCreated: Int
        var duplicateReferenceIDs: [DuplicateReference]
        var replays: Int
        var rateLimited: Int
        /// Faults injected, by kind ("5xx", "drop-before", "drop-after-commit", …).
        var faults: [String: Int]
        /// API requests by the `Persona-Version` they named.
        var requestsByVersion: [String: Int]

        enum CodingKeys: String, CodingKey {
            case requests, responses, replays, faults
            case requestsByVersion = "requests-by-version"
            case inquiriesCreated = "inquiries-created"
            case duplicateReferenceIDs = "duplicate-reference-ids"
            case rateLimited = "rate-limited"
        }

        /// Responses with `status`.
        func responses(_ status: Int) -> Int { responses[String(status)] ?? 0 }
    }
}

/// Why an emulator could not be started or read.
struct EmulatorProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A one-shot HTTP/1.1 GET over a plain socket to 127.0.0.1: no proxy settings, no URL loading
/// system, a 10 s timeout on every read and write.
enum LoopbackHTTP {
    /// `headers` are added to the request (e.g. `Authorization` to spend the emulator's rate limit).
    static func get(port: Int, path: String, headers: [String: String] = [:]) throws -> (status: Int, body: Data) {
        try request("GET", port: port, path: path, headers: headers)
    }

    /// `POST` with a JSON body.
    static func post(port: Int, path: String, headers: [String: String] = [:], json: String) throws -> (status: Int, body: Data) {
        try request("POST", port: port, path: path, headers: headers, body: Data(json.utf8))
    }

    static func request(
        _ method: String, port: Int, path: String, headers: [String: String] = [:], body requestBody: Data? = nil
    ) throws -> (status: Int, body: Data) {
        #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let fd = socket(AF_INET, socketType, 0)
        guard fd >= 0 else { throw EmulatorProcessError("socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        let timeoutSize = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, timeoutSize)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, timeoutSize)

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw EmulatorProcessError("connect to 127.0.0.1:\(port) failed: \(String(cString: strerror(errno)))")
        }

        var all = headers
        if let requestBody {
            all["Content-Type"] = "application/json"
            all["Content-Length"] = String(requestBody.count)
        }
        let extra = all.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
        let request = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: application/json\r\n\(extra)Connection: close\r\n\r\n".utf8)
            + Array(requestBody ?? Data())
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw EmulatorProcessError("send failed: \(String(cString: strerror(errno)))") }
            sent += count
        }

        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { throw EmulatorProcessError("recv failed: \(String(cString: strerror(errno)))") }
            response.append(contentsOf: buffer[0..<count])
        }

        let separator = Data("\r\n\r\n".utf8)
        guard let end = response.range(of: separator) else {
            throw EmulatorProcessError("no HTTP header in the answer to \(method) \(path)")
        }
        let head = String(decoding: response[..<end.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw EmulatorProcessError("bad status line in the answer to \(method) \(path): \(statusLine)")
        }
        var body = Data(response[end.upperBound...])
        for line in head.split(separator: "\r\n").dropFirst() {
            let field = line.split(separator: ":", maxSplits: 1)
            if field.count == 2, field[0].lowercased() == "content-length",
               let length = Int(field[1].trimmingCharacters(in: .whitespaces)), length < body.count {
                body = body.prefix(length)
            }
        }
        return (status, body)
    }
}
