#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2

/// Feeds libxml2 from an `InputFile`, and refuses a DOCTYPE before libxml2 sees it.
///
/// Until the root element starts, the bytes pass through a tiny state machine that knows the
/// prolog (XML declaration, processing instructions, comments, whitespace). A `<!` that does
/// not open a comment there can only be a DOCTYPE: the read fails, so libxml2 never parses
/// the declaration or anything it defines. (The reader also refuses a DocumentType node, for
/// inputs this byte-level check cannot see into, such as UTF-16 files.)
final class XMLInputStream {
    let file: InputFile
    /// Line of the refused `<!DOCTYPE`, once refused.
    private(set) var doctypeLine: Int?
    /// Why reading failed, once it did.
    private(set) var readFailure: String?
    private var state = PrologState.text
    private var prologLine = 1
    private var markupLine = 1

    private enum PrologState {
        case text, lessThan, instruction, instructionQuestion, bang, bangDash
        case comment, commentDash, commentDashDash, done
    }

    init(file: InputFile) { self.file = file }

    /// Reads into libxml2's buffer; -1 on an I/O error or a DOCTYPE.
    func read(into destination: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        guard let n = file.read(into: destination, count: count) else {
            readFailure = file.failure
            return -1
        }
        if state != .done && n > 0 {
            let refused = UnsafeRawBufferPointer(start: destination, count: n).withMemoryRebound(to: UInt8.self) {
                scanProlog($0)
            }
            if refused { return -1 }
        }
        return Int32(n)
    }

    /// Advances the prolog state machine; true when a DOCTYPE (or other `<!` markup) is found.
    private func scanProlog(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { prologLine += 1 }
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") {
                    state = .lessThan
                    markupLine = prologLine
                }
            case .lessThan:
                if byte == UInt8(ascii: "?") {
                    state = .instruction
                } else if byte == UInt8(ascii: "!") {
                    state = .bang
                } else {
                    state = .done  // the root element: the prolog is over
                    return false
                }
            case .instruction: if byte == UInt8(ascii: "?") { state = .instructionQuestion }
            case .instructionQuestion:
                state = byte == UInt8(ascii: ">") ? .text : (byte == UInt8(ascii: "?") ? .instructionQuestion : .instruction)
            case .bang:
                guard byte == UInt8(ascii: "-") else { return refuse() }
                state = .bangDash
            case .bangDash:
                guard byte == UInt8(ascii: "-") else { return refuse() }
                state = .comment
            case .comment: if byte == UInt8(ascii: "-") { state = .commentDash }
            case .commentDash: state = byte == UInt8(ascii: "-") ? .commentDashDash : .comment
            case .commentDashDash: state = byte == UInt8(ascii: ">") ? .text : .comment
            case .done: return false
            }
        }
        return false
    }

    private func refuse() -> Bool {
        doctypeLine = markupLine
        state = .done
        return true
    }
}
