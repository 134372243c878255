import Foundation
import Testing

/// The result of one run of the real `persona-import` binary.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `persona-import` executable, the way a user or cron does.
enum Importer {
    /// The folder with the built products: the test bundle sits beside the executables.
    static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent(), URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("persona-import").path) {
            return candidate
        }
        return bundle.deletingLastPathComponent()
    }

    /// The repository root, for samples and schemas.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `persona-import` to the end. `environment` replaces the inherited one when given.
    /// A run still going after `timeout` seconds is killed and recorded as an issue.
    static func run(
        _ arguments: [String], stdin: String? = nil, in directory: URL? = nil, environment: [String: String]? = nil,
        timeout: Double = 120
    ) throws -> ProcessResult {
        try start(arguments, stdin: stdin, in: directory, environment: environment).wait(timeout: timeout)
    }

    /// Starts `persona-import` without waiting for it, so that a test can watch it or signal it.
    static func start(
        _ arguments: [String], stdin: String? = nil, in directory: URL? = nil, environment: [String: String]? = nil
    ) throws -> RunningImporter {
        let executable = productsDirectory.appendingPathComponent("persona-import")
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "build persona-import first (scripts/test.sh does): not found at \(executable.path)"
        )
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        if let environment { process.environment = environment }
        return try RunningImporter(process, stdin: stdin)
    }
}

extension Importer {
    /// Runs any other executable (a shell, util-linux `script`, chromium) the way ``run(_:stdin:in:environment:timeout:)``
    /// runs `persona-import`: both pipes drained from the start, killed after `timeout` seconds.
    static func runProgram(
        _ executable: String, _ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
        environment: [String: String]? = nil, timeout: Double = 120
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        if let environment { process.environment = environment }
        return try RunningImporter(process, stdin: stdin).wait(timeout: timeout)
    }

    /// The full path of `name` found on `PATH`, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A started `persona-import`: both pipes are drained on their own threads from the start, so a
/// chatty process never blocks on a full pipe. Killed when dropped while still running.
final class RunningImporter {
    private let process: Process
    private let outData = LockedData()
    private let errData = LockedData()

    fileprivate init(_ process: Process, stdin: String?) throws {
        self.process = process
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let outData = outData, errData = errData
        Thread { outData.set(out.fileHandleForReading.readDataToEndOfFile()) }.start()
        Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }.start()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var isRunning: Bool { process.isRunning }

    /// The process id (what the importer puts in its PostgreSQL `application_name`).
    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (e.g. SIGTERM) to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the exit and both pipes' ends, at most `timeout` seconds; then kills the process
    /// and records an issue.
    func wait(timeout: Double = 120) -> ProcessResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(5000) }
        if process.isRunning {
            Issue.record("persona-import still running after \(timeout) s; killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // The pipes end when the process exits; the readers finish right after.
        let drained = Date().addingTimeInterval(10)
        while !(outData.isSet && errData.isSet), Date() < drained { usleep(1000) }
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData.value, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self)
        )
    }
}

private final class LockedData: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("persona-import-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
