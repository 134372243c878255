import PersonaClient
import PersonaWire

/// What the client reads from one of Persona's answers, spelled out by the input as a
/// ``MessageText`` whose start line is the status: the create classification (with the error
/// document it reads), a reference-id lookup page, and the rate gate after the answer's limit
/// headers, which must never come out holding requests for a negative or implausibly long time.
enum ClientResponseFuzzing {
    static func run(_ input: [UInt8]) throws(FuzzViolation) {
        let message = MessageText(input)
        let status = Int(message.startLine.prefix(3)) ?? 200
        let classified = CreateResponse.classify(status: status, body: message.body)
        switch classified {
        case .created(let id, _):
            try require((200..<300).contains(status) && !id.isEmpty, "created from status \(status) with id \(id.debugDescription)")
        case .rateLimited:
            try require(status == 429 || status == 403, "rate-limited from status \(status)")
            try require(classified.limitKind != nil, "a rate-limited answer without its limit")
        case .keyRejected, .refused, .serverError, .noResponse:
            try require(classified.limitKind == nil, "a limit on an answer that is not rate-limited")
        }
        if let page = InquiryLookup.page(message.body) {
            try require(page.inquiries.count <= message.body.count, "more ids than body bytes")
        }

        let limits = RateLimitHeaders { message.header($0) }
        if let seconds = limits.retryAfterSeconds { try require(seconds.isFinite && seconds >= 0, "Retry-After \(seconds)") }
        let gate = RateGate(limit: 300, period: 60, headroom: 0.1)
        guard let ticket = gate.acquire(isCreate: true) else { throw FuzzViolation("a fresh gate refused its first request") }
        gate.complete(ticket, limits: limits, limitedBy: classified.limitKind)
        if let wait = gate.waitRemaining {
            let longest = Double(RateLimitStatus.plausibleRange.upperBound) + 1
            try require(wait > 0 && wait <= longest, "the gate holds requests for \(wait) s")
        }
        _ = gate.currentLimit
    }
}
