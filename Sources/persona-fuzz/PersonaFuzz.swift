import Foundation
import FuzzTargets

// Built two ways (scripts/fuzz.sh):
// - with `-sanitize=fuzzer,address -DFUZZING`: libFuzzer drives the target named by
//   PERSONA_FUZZ_TARGET;
// - without (every normal build): `persona-fuzz TARGET FILE...` replays inputs, to reproduce a
//   crash with a debugger and no sanitizer.

#if FUZZING
/// The target, set once by the entry point before libFuzzer's first input.
nonisolated(unsafe) private var target: FuzzTarget?

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The entry point. SwiftPM links an executable target's `main` to `<module>_main`; without a
/// `@main` type this is it. It picks the target, then hands over to libFuzzer's driver.
@_cdecl("persona_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    let name = ProcessInfo.processInfo.environment["PERSONA_FUZZ_TARGET"] ?? ""
    guard let chosen = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("persona-fuzz: set PERSONA_FUZZ_TARGET to one of: \(names)\n".utf8))
        return 64
    }
    target = chosen
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzerTestOneInput)
}

/// One input. Also libFuzzer's own `main` needs this symbol to link, though it never runs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    do {
        try target?.run(input)
    } catch {
        fatalError("\(target?.rawValue ?? "?"): \(error)")
    }
    return 0
}
#else
@main
struct PersonaFuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            print("usage: persona-fuzz \(names) FILE...   (replays inputs; scripts/fuzz.sh fuzzes)")
            exit(64)
        }
        var failed = false
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot read")
                failed = true
                continue
            }
            do {
                try target.run(Array(data))
                print("\(file): ok")
            } catch {
                print("\(file): \(error)")
                failed = true
            }
        }
        exit(failed ? 1 : 0)
    }
}
#endif
