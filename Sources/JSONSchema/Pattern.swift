import Foundation

/// A compiled `pattern` / `patternProperties` regular expression with ECMA-262 semantics:
/// an unanchored search over Unicode scalars.
///
/// Most patterns run on our own backtracking engine (fast, allocation-free for small
/// patterns). Features it does not implement (lookaround, backreferences, `\p{…}`…) fall back
/// to `NSRegularExpression`, under the same step limit (``FoundationRegex``).
///
/// Immutable after `init`; the compiled program lives in buffers owned by this object so a
/// search touches no reference counts.
final class Pattern: Sendable {
    /// The pattern source as written in the schema.
    let source: String
    private let engine: Engine

    private enum Engine: @unchecked Sendable {
        case own(program: UnsafeMutableBufferPointer<PatternInstruction>,
                 classes: UnsafeMutableBufferPointer<CharacterClass>, registers: Int, anchoredStart: Bool)
        case simple(items: UnsafeMutableBufferPointer<SimpleItem>, classes: UnsafeMutableBufferPointer<CharacterClass>,
                    anchoredStart: Bool, anchoredEnd: Bool, deterministic: UnsafeMutableBufferPointer<ByteItem>?)
        case foundation(FoundationRegex)
    }

    deinit {
        switch engine {
        case let .own(program, classes, _, _):
            program.deallocate()
            _ = classes.deinitialize()
            classes.deallocate()
        case let .simple(items, classes, _, _, deterministic):
            deterministic?.deallocate()
            items.deallocate()
            _ = classes.deinitialize()
            classes.deallocate()
        case .foundation:
            break
        }
    }

    /// Outcome of one search.
    enum Outcome {
        case match, noMatch, stepLimitExceeded
    }

    /// Bounds backtracking work per search, on either engine; beyond it the match counts as
    /// failed (`stepLimitExceeded`).
    static let stepLimit = 1_000_000

    struct InvalidPattern: Error {
        var reason: String
    }

    /// Compiles `source`. `allowSimpleEngine: false` forces the general backtracking engine
    /// (tests use it to check both engines agree).
    init(_ source: String, allowSimpleEngine: Bool = true) throws(InvalidPattern) {
        self.source = source
        var parser = PatternParser(source)
        let tree: PatternNode?
        do {
            tree = try parser.parse()
        } catch {
            switch error {
            case .invalid(let reason): throw InvalidPattern(reason: reason)
            case .unsupported: tree = nil  // Valid but beyond our engine: Foundation handles it.
            }
        }
        if let tree, allowSimpleEngine, let simple = SimpleProgram(tree) {
            let items = UnsafeMutableBufferPointer<SimpleItem>.allocate(capacity: simple.items.count)
            _ = items.initialize(from: simple.items)
            let classes = UnsafeMutableBufferPointer<CharacterClass>.allocate(capacity: simple.classes.count)
            _ = classes.initialize(from: simple.classes)
            var deterministic: UnsafeMutableBufferPointer<ByteItem>?
            if let program = DeterministicProgram(simple) {
                let buffer = UnsafeMutableBufferPointer<ByteItem>.allocate(capacity: program.items.count)
                _ = buffer.initialize(from: program.items)
                deterministic = buffer
            }
            engine = .simple(items: items, classes: classes, anchoredStart: simple.anchoredStart,
                             anchoredEnd: simple.anchoredEnd, deterministic: deterministic)
            return
        }
        if let tree {
            var compiler = PatternCompiler()
            if (try? compiler.compile(tree)) != nil {
                var anchored = false
                if case .assertStart = compiler.program.first { anchored = true }
                let program = UnsafeMutableBufferPointer<PatternInstruction>.allocate(capacity: compiler.program.count)
                _ = program.initialize(from: compiler.program)
                let classes = UnsafeMutableBufferPointer<CharacterClass>.allocate(capacity: compiler.classes.count)
                _ = classes.initialize(from: compiler.classes)
                engine = .own(program: program, classes: classes,
                              registers: compiler.registerCount, anchoredStart: anchored)
                return
            }
            // Too large for our expansion: let Foundation handle it.
        }
        engine = .foundation(try FoundationRegex(source))
    }

    /// Whether the engine in use is our own (false: NSRegularExpression fallback).
    var usesOwnEngine: Bool {
        if case .foundation = engine { return false }
        return true
    }

    /// Whether the pattern runs without backtracking (``DeterministicProgram``).
    var usesDeterministicEngine: Bool {
        if case .simple(_, _, _, _, let deterministic) = engine { return deterministic != nil }
        return false
    }

    /// Whether the pattern runs on the ``SimpleMatcher`` fast path.
    var usesSimpleEngine: Bool {
        if case .simple = engine { return true }
        return false
    }

    /// Searches `string` for a match anywhere.
    func search(_ string: String) -> Outcome {
        switch engine {
        case .foundation(let regex):
            return regex.search(string)
        case let .simple(items, classes, anchoredStart, anchoredEnd, deterministic):
            let run = { (bytes: UnsafeBufferPointer<UInt8>) -> Outcome in
                if let deterministic, bytes.count <= DeterministicProgram.maximumInput {
                    return DeterministicProgram.matches(UnsafeBufferPointer(deterministic), bytes) ? .match : .noMatch
                }
                return SimpleMatcher(items: UnsafeBufferPointer(items), classes: UnsafeBufferPointer(classes),
                              anchoredStart: anchoredStart, anchoredEnd: anchoredEnd, bytes: bytes).search()
            }
            if let outcome = string.utf8.withContiguousStorageIfAvailable(run) { return outcome }
            var copy = string
            return copy.withUTF8(run)
        case let .own(program, classes, registers, anchored):
            if let outcome = string.utf8.withContiguousStorageIfAvailable({ bytes in
                PatternMatcher(program: UnsafeBufferPointer(program), classes: UnsafeBufferPointer(classes),
                               registerCount: registers, bytes: bytes)
                    .search(anchoredStart: anchored)
            }) {
                return outcome
            }
            var copy = string
            copy.makeContiguousUTF8()
            return copy.utf8.withContiguousStorageIfAvailable { bytes in
                PatternMatcher(program: UnsafeBufferPointer(program), classes: UnsafeBufferPointer(classes),
                               registerCount: registers, bytes: bytes)
                    .search(anchoredStart: anchored)
            } ?? .noMatch
        }
    }
}

/// The fallback engine: ICU through `NSRegularExpression`, bounded like our own engine.
///
/// ICU has no step limit unless asked, and a crafted value can make a pattern such as
/// `^(?=(a*)*$)a` backtrack for seconds. With `.reportProgress` ICU calls back every
/// ``stepsPerCallback`` steps of its matcher, and the search stops (`stepLimitExceeded`) once it
/// has spent ``Pattern/stepLimit`` steps. That callback is shared with the one ICU makes at
/// every start position of an unanchored search, which would let a long value buy one more
/// round of steps per character; so the pattern is compiled as `[\s\S]*?(?:source)` and run
/// as a single match attempt anchored at the start: the lazy prefix does the scanning, inside
/// the budget. The prefix and the non-capturing group change neither what matches nor the
/// group numbers (backreferences). ICU-only syntax that does not survive the wrapping (an
/// inline `(?x)` comment, an unterminated `\Q`) is refused when the schema loads.
///
/// `NSRegularExpression` is immutable and documented thread-safe once built.
final class FoundationRegex: @unchecked Sendable {
    private let regex: NSRegularExpression

    /// ICU's matcher calls the progress callback once per this many steps (`TIMER_INITIAL_VALUE`
    /// in ICU's `regexcmp.h`).
    static let stepsPerCallback = 10_000
    /// Progress callbacks allowed per search: ``Pattern/stepLimit`` steps, plus the one ICU makes
    /// for the (single) start position.
    static let callbackLimit = Pattern.stepLimit / stepsPerCallback + 1

    /// Compiles `source` for bounded searches.
    init(_ source: String) throws(Pattern.InvalidPattern) {
        guard (try? NSRegularExpression(pattern: source, options: [])) != nil else {
            throw Pattern.InvalidPattern(reason: "not a valid regular expression")
        }
        guard let wrapped = try? NSRegularExpression(pattern: "[\\s\\S]*?(?:" + source + ")", options: []) else {
            throw Pattern.InvalidPattern(
                reason: "uses ICU-only syntax (such as an inline (?x) comment or \\Q without \\E) that cannot run with a step limit")
        }
        regex = wrapped
    }

    /// Searches `string` for a match anywhere, within the step limit.
    func search(_ string: String) -> Pattern.Outcome {
        var outcome = Pattern.Outcome.noMatch
        var callbacks = 0
        let range = NSRange(location: 0, length: string.utf16.count)
        regex.enumerateMatches(in: string, options: [.anchored, .reportProgress, .reportCompletion], range: range) { result, flags, stop in
            if result != nil {
                outcome = .match
                stop.pointee = true
            } else if flags.contains(.completed) {
                // ICU gave up on its own (its backtracking stack is bounded too).
                if flags.contains(.internalError) { outcome = .stepLimitExceeded }
            } else {
                callbacks += 1
                if callbacks > Self.callbackLimit {
                    outcome = .stepLimitExceeded
                    stop.pointee = true
                }
            }
        }
        return outcome
    }
}
