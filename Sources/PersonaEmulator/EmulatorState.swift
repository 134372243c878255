import Foundation
import Hummingbird
import PersonaWire

/// A response remembered under an `Idempotency-Key`.
enum StoredResponse: Sendable {
    /// A created inquiry, re-encoded on replay with the inflection of the first request (so the
    /// bytes are the same without keeping them twice).
    case inquiry(StoredInquiry, KeyInflection)
    /// Any other answer, body kept as sent.
    case error(HTTPResponse.Status, ByteBuffer)
}

struct IdempotencyEntry: Sendable {
    var fingerprint: Int
    var storedAt: Date
    var response: StoredResponse
}

/// What became of one create request.
enum CreateOutcome: Sendable {
    case created(StoredInquiry)
    case replay(StoredResponse)
    case conflict
    case quotaExceeded(RateLimitStatus)
    case rejected(APIError)
    case serverError(HTTPResponse.Status)
    case dropBefore
    case dropAfterCommit
    case serverErrorAfterCommit
    /// A `--fault-5xx-stored` 500, already stored under the Idempotency-Key when there is one.
    case serverErrorStored(APIError)
}

/// Counters behind `GET /__emulator/stats`.
struct Counters: Sendable {
    var requests = 0
    var responses: [Int: Int] = [:]
    var rateLimited = 0
    var quotaExceeded = 0
    var replays = 0
    var conflicts = 0
    var faults = EmulatorStats.Faults()
    var inquiriesCreated = 0
    var inFlight = 0
    var maxInFlight = 0
}

/// All mutable emulator state. One lock guards it; every critical section is short and never
/// awaits, so a create (idempotency check, quota, store) is atomic.
struct EmulatorStore: Sendable {
    var inquiries: [StoredInquiry] = []
    var indexByID: [String: Int] = [:]
    var indexesByReference: [String: [Int]] = [:]
    var idempotency: [String: IdempotencyEntry] = [:]
    var rateWindow: FixedWindow
    var quotaWindow: FixedWindow?
    var counters = Counters()
    var faultDice: SplitMix64
    /// The `--fault-5xx-stored` dice, a stream of their own so that the faults an existing
    /// `--seed` reproduces stay the same.
    var storedFaultDice: SplitMix64
    var ids: SplitMix64

    init(configuration: EmulatorConfiguration) {
        rateWindow = FixedWindow(rule: configuration.rateLimit)
        quotaWindow = configuration.creationQuota.map(FixedWindow.init)
        let seed = configuration.seed ?? UInt64.random(in: .min ... .max)
        faultDice = SplitMix64(seed: seed)
        storedFaultDice = SplitMix64(seed: seed ^ 0xA076_1D64_78BD_642F)
        ids = SplitMix64(seed: UInt64.random(in: .min ... .max))
    }

    /// Counts a request in and draws its id and latency.
    mutating func begin(latency: Duration?) -> (requestID: String, delay: Duration?) {
        counters.requests += 1
        counters.inFlight += 1
        counters.maxInFlight = max(counters.maxInFlight, counters.inFlight)
        let requestID = "req_" + ids.base58(count: 24)
        guard let latency else { return (requestID, nil) }
        return (requestID, latency * (0.5 + ids.unit()))
    }

    /// Counts a request out; `status` nil when the connection was dropped.
    mutating func finish(status: Int?) {
        counters.inFlight -= 1
        guard let status else { return }
        counters.responses[status, default: 0] += 1
        if status == 429 { counters.rateLimited += 1 }
    }

    func inquiry(id: String) -> StoredInquiry? {
        indexByID[id].map { inquiries[$0] }
    }

    func snapshot() -> EmulatorStats {
        let duplicates = indexesByReference.filter { $0.value.count > 1 }
            .sorted { $0.key < $1.key }
            .map { EmulatorStats.DuplicateReference(referenceID: $0.key, inquiryIDs: $0.value.map { inquiries[$0].id }) }
        return EmulatorStats(
            requests: counters.requests,
            responses: Dictionary(uniqueKeysWithValues: counters.responses.map { (String($0.key), $0.value) }),
            rateLimited: counters.rateLimited, replays: counters.replays, conflicts: counters.conflicts,
            faults: counters.faults, inquiriesCreated: counters.inquiriesCreated,
            maxConcurrentRequests: counters.maxInFlight, duplicateReferenceIDs: duplicates,
            quotaExceeded: counters.quotaExceeded)
    }
}
