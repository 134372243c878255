/// One instruction of the backtracking matcher.
enum PatternInstruction: Sendable {
    case scalar(UInt32)
    case anyExceptNewline
    case characterClass(Int)
    /// Try `first`, on failure `second`.
    case split(first: Int, second: Int)
    case jump(Int)
    case assertStart
    case assertEnd
    case wordBoundary(Bool)
    /// Remember the position in a register (restored on backtracking).
    case mark(Int)
    /// Fail when the position has not moved since `mark` (stops empty loops).
    case requireProgress(Int)
    case match
}

/// Compiles a ``PatternNode`` tree into a flat program.
struct PatternCompiler {
    private(set) var program: [PatternInstruction] = []
    private(set) var classes: [CharacterClass] = []
    private(set) var registerCount = 0
    /// Keeps `{n,m}` expansions bounded; larger patterns go to the fallback engine.
    static let maximumProgramSize = 20_000

    struct TooLarge: Error {}

    mutating func compile(_ node: PatternNode) throws(TooLarge) {
        try emit(node)
        program.append(.match)
    }

    private mutating func append(_ instruction: PatternInstruction) throws(TooLarge) {
        if program.count >= Self.maximumProgramSize { throw TooLarge() }
        program.append(instruction)
    }

    private mutating func emit(_ node: PatternNode) throws(TooLarge) {
        switch node {
        case .empty: break
        case .scalar(let s): try append(.scalar(s))
        case .anyExceptNewline: try append(.anyExceptNewline)
        case .characterClass(let cls):
            classes.append(cls)
            try append(.characterClass(classes.count - 1))
        case .startAnchor: try append(.assertStart)
        case .endAnchor: try append(.assertEnd)
        case .wordBoundary(let b): try append(.wordBoundary(b))
        case .sequence(let nodes):
            for n in nodes { try emit(n) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jmp end; next: split ...
            var jumpsToEnd: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = program.count
                    try append(.split(first: split + 1, second: -1))
                    try emit(branch)
                    jumpsToEnd.append(program.count)
                    try append(.jump(-1))
                    program[split] = .split(first: split + 1, second: program.count)
                } else {
                    try emit(branch)
                }
            }
            for j in jumpsToEnd { program[j] = .jump(program.count) }
        case .repetition(let body, let min, let max, let greedy):
            for _ in 0..<min { try emit(body) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    try append(.split(first: -1, second: -1))
                    try emit(body)
                }
                let end = program.count
                for s in splits {
                    program[s] = greedy ? .split(first: s + 1, second: end) : .split(first: end, second: s + 1)
                }
            } else {
                let guardEmpty = body.canMatchEmpty
                let register = registerCount
                if guardEmpty { registerCount += 1 }
                let loop = program.count
                try append(.split(first: -1, second: -1))
                if guardEmpty { try append(.mark(register)) }
                try emit(body)
                if guardEmpty { try append(.requireProgress(register)) }
                try append(.jump(loop))
                let end = program.count
                program[loop] = greedy ? .split(first: loop + 1, second: end) : .split(first: end, second: loop + 1)
            }
        }
    }
}
