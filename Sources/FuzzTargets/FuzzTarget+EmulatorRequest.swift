import Dispatch
import Foundation
import Locking
import PersonaEmulator

/// The emulator's request handling on a request spelled out by the input as a ``MessageText``
/// whose start line is `METHOD TARGET`.
///
/// The emulator's key is added unless the input brings its own `Authorization`. Every answer
/// must be a status the contract lists with a JSON object body (`data` or `errors`); never a 5xx,
/// since no fault is configured.
final class EmulatorRequestFuzzing: Sendable {
    static let shared = EmulatorRequestFuzzing()

    private let harness = EmulatorRequestHarness()
    private let inputsSinceReset = Locked(0)
    static let contractStatuses: Set<Int> = [200, 201, 400, 401, 403, 404, 405, 409, 413, 422, 429]

    func run(_ input: [UInt8]) throws(FuzzViolation) {
        let request = Self.parse(input)
        if inputsSinceReset.withLock({ $0 += 1; return $0 }) % 1000 == 0 { harness.reset() }
        let answer = Self.wait { [harness] in
            await harness.answer(method: request.method, target: request.target, headers: request.headers, body: request.body)
        }
        guard let status = answer.status else { throw FuzzViolation("a dropped connection without a drop fault") }
        try require(Self.contractStatuses.contains(status), "status \(status) for \(request.method) \(request.target.prefix(80))")
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] else {
            throw FuzzViolation("status \(status) with a body that is not a JSON object")
        }
        let key = (200..<300).contains(status) ? "data" : "errors"
        try require(object[key] != nil, "status \(status) without \"\(key)\"")
    }

    /// Splits the input into method, target, headers and body (see the type's documentation).
    static func parse(_ input: [UInt8]) -> (method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        var message = MessageText(input)
        let requestLine = message.startLine.split(separator: " ", maxSplits: 1).map(String.init)
        let method = requestLine.first ?? "GET"
        let target = requestLine.count > 1 ? requestLine[1] : "/api/v1/inquiries"
        if message.header("Authorization") == nil {
            message.headers.append(("Authorization", "Bearer " + EmulatorRequestHarness.apiKey))
        }
        return (method, target, message.headers, message.body)
    }

    /// Runs `work` to its end from a synchronous caller (libFuzzer's thread).
    private static func wait<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
        let done = DispatchSemaphore(value: 0)
        let result = Locked<Value?>(nil)
        Task {
            let value = await work()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        guard let value = result.withLock({ $0 }) else { preconditionFailure("the task signalled without a value") }
        return value
    }
}
