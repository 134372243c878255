import Foundation

/// A compiled `pattern` / `patternProperties` regular expression with ECMA-262 semantics:
/// an unanchored search over Unicode scalars.
///
/// Most patterns run on our own backtracking engine (fast, allocation-free for small
/// patterns). Features it does not implement (lookaround, backreferences, `\p{…}`…) fall back
/// to `NSRegularExpression`.
struct Pattern: Sendable {
    /// The pattern source as written in the schema.
    let source: String
    private let engine: Engine

    private enum Engine: Sendable {
        case own(program: [PatternInstruction], classes: [CharacterClass], registers: Int, anchoredStart: Bool)
        case foundation(FoundationRegex)
    }

    /// Outcome of one search.
    enum Outcome {
        case match, noMatch, stepLimitExceeded
    }

    /// Bounds backtracking work per search; beyond it the match counts as failed.
    static let stepLimit = 1_000_000

    struct InvalidPattern: Error {
        var reason: String
    }

    init(_ source: String) throws(InvalidPattern) {
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
        if let tree {
            var compiler = PatternCompiler()
            if (try? compiler.compile(tree)) != nil {
                var anchored = false
                if case .assertStart = compiler.program.first { anchored = true }
                engine = .own(program: compiler.program, classes: compiler.classes,
                              registers: compiler.registerCount, anchoredStart: anchored)
                return
            }
            // Too large for our expansion: let Foundation handle it.
        }
        guard let regex = FoundationRegex(source) else {
            throw InvalidPattern(reason: "not a valid regular expression")
        }
        engine = .foundation(regex)
    }

    /// Whether the engine in use is our own (false: NSRegularExpression fallback).
    var usesOwnEngine: Bool {
        if case .own = engine { return true }
        return false
    }

    /// Searches `string` for a match anywhere.
    func search(_ string: String) -> Outcome {
        switch engine {
        case .foundation(let regex):
            return regex.matches(string) ? .match : .noMatch
        case let .own(program, classes, registers, anchored):
            var copy = string
            if let outcome = copy.utf8.withContiguousStorageIfAvailable({ bytes in
                PatternMatcher(program: program, classes: classes, registerCount: registers, bytes: bytes)
                    .search(anchoredStart: anchored)
            }) {
                return outcome
            }
            copy.makeContiguousUTF8()
            return copy.utf8.withContiguousStorageIfAvailable { bytes in
                PatternMatcher(program: program, classes: classes, registerCount: registers, bytes: bytes)
                    .search(anchoredStart: anchored)
            } ?? .noMatch
        }
    }
}

/// `NSRegularExpression` is immutable and documented thread-safe once built.
final class FoundationRegex: @unchecked Sendable {
    private let regex: NSRegularExpression

    init?(_ source: String) {
        guard let regex = try? NSRegularExpression(pattern: source, options: []) else { return nil }
        self.regex = regex
    }

    func matches(_ string: String) -> Bool {
        let range = NSRange(string.startIndex..<string.endIndex, in: string)
        return regex.firstMatch(in: string, options: [], range: range) != nil
    }
}
