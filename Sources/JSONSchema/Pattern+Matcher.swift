/// Runs a compiled pattern over UTF-8 bytes, decoding scalars on the fly.
struct PatternMatcher {
    let program: UnsafeBufferPointer<PatternInstruction>
    let classes: UnsafeBufferPointer<CharacterClass>
    let registerCount: Int
    let bytes: UnsafeBufferPointer<UInt8>

    /// A backtracking entry: resume at `pc` with `position`, or (pc < 0) restore register `-pc-1`.
    private struct Frame {
        var pc: Int
        var position: Int
    }

    func search(anchoredStart: Bool) -> Pattern.Outcome {
        withUnsafeTemporaryAllocation(of: Frame.self, capacity: 64) { initialStack in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: max(registerCount, 1)) { registers in
                var stack = initialStack
                var heap: UnsafeMutableBufferPointer<Frame>?
                defer { heap?.deallocate() }
                var steps = 0
                var start = 0
                while true {
                    switch run(from: start, stack: &stack, heap: &heap, registers: registers, steps: &steps) {
                    case .match: return .match
                    case .stepLimitExceeded: return .stepLimitExceeded
                    case .noMatch: break
                    }
                    if anchoredStart || start >= bytes.count { return .noMatch }
                    start += Self.length(of: bytes[start])
                }
            }
        }
    }

    @inline(__always)
    private static func length(of lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    @inline(__always)
    private func decode(at i: Int) -> (UInt32, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 < 0xE0 { return (UInt32(b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return (UInt32(b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return (UInt32(b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    @inline(__always)
    private func isWordByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || b == 95 || (b >= 97 && b <= 122)
    }

    private func run(
        from start: Int,
        stack: inout UnsafeMutableBufferPointer<Frame>,
        heap: inout UnsafeMutableBufferPointer<Frame>?,
        registers: UnsafeMutableBufferPointer<Int>,
        steps: inout Int
    ) -> Pattern.Outcome {
        var depth = 0
        var pc = 0
        var position = start
        for r in 0..<registers.count { registers[r] = -1 }

        func push(_ frame: Frame) {
            if depth == stack.count {
                let bigger = UnsafeMutableBufferPointer<Frame>.allocate(capacity: stack.count * 2)
                _ = bigger.initialize(fromContentsOf: stack)
                heap?.deallocate()
                heap = bigger
                stack = bigger
            }
            stack[depth] = frame
            depth += 1
        }

        while true {
            steps += 1
            if steps > Pattern.stepLimit { return .stepLimitExceeded }
            var ok: Bool
            switch program[pc] {
            case .match:
                return .match
            case .scalar(let expected):
                if position < bytes.count {
                    let (scalar, length) = decode(at: position)
                    ok = scalar == expected
                    if ok { position += length; pc += 1 }
                } else {
                    ok = false
                }
            case .anyExceptNewline:
                if position < bytes.count {
                    let (scalar, length) = decode(at: position)
                    ok = scalar != 10 && scalar != 13 && scalar != 0x2028 && scalar != 0x2029
                    if ok { position += length; pc += 1 }
                } else {
                    ok = false
                }
            case .characterClass(let index):
                if position < bytes.count {
                    let (scalar, length) = decode(at: position)
                    if let base = classes.baseAddress { ok = CharacterClass.contains(base + index, scalar) } else { ok = false }
                    if ok { position += length; pc += 1 }
                } else {
                    ok = false
                }
            case let .split(first, second):
                push(Frame(pc: second, position: position))
                pc = first
                ok = true
            case .jump(let target):
                pc = target
                ok = true
            case .assertStart:
                ok = position == 0
                pc += 1
            case .assertEnd:
                ok = position == bytes.count
                pc += 1
            case .wordBoundary(let wanted):
                let before = position > 0 && isWordByte(bytes[position - 1])
                let after = position < bytes.count && isWordByte(bytes[position])
                ok = (before != after) == wanted
                pc += 1
            case .mark(let register):
                push(Frame(pc: -register - 1, position: registers[register]))
                registers[register] = position
                pc += 1
                ok = true
            case .requireProgress(let register):
                ok = registers[register] != position
                pc += 1
            }
            if ok { continue }
            // Backtrack.
            while true {
                if depth == 0 { return .noMatch }
                depth -= 1
                let frame = stack[depth]
                if frame.pc < 0 {
                    registers[-frame.pc - 1] = frame.position
                    continue
                }
                pc = frame.pc
                position = frame.position
                break
            }
        }
    }
}
