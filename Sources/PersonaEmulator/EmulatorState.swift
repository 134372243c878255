import Foundation
import Hummingbird
import PersonaWire

/// A response remembered under an `Idempotency-Key`.
///
/// Small on purpose (a million of them in a rehearsal): an inquiry is its position, an error a
/// reference to its body.
enum StoredResponse: Sendable {
    /// A created inquiry, re-encoded on replay as first answered: as created, with the first
    /// request's inflection and shape and its `meta` (``EmulatorStore/createMeta``), so the
    /// bytes are the same without keeping them.
    case inquiry(sequence: Int32, KeyInflection, ResponseShape)
    /// Any other answer, body kept as sent.
    case error(StoredError)
}

/// An error answer kept under an Idempotency-Key.
final class StoredError: Sendable {
    let status: HTTPResponse.Status
    let body: ByteBuffer

    init(_ status: HTTPResponse.Status, _ body: ByteBuffer) {
        self.status = status
        self.body = body
    }
}

struct IdempotencyEntry: Sendable {
    var fingerprint: Int
    var storedAt: Date
    var response: StoredResponse
}

/// What became of one create request.
enum CreateOutcome: Sendable {
    case created(InquiryView, CreatedAnswer)
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
    var requestsByVersion: [String: Int] = [:]
}

/// All mutable emulator state. One lock guards it; every critical section is short and never
/// awaits, so a create (idempotency check, quota, store) is atomic.
struct EmulatorStore: Sendable {
    var inquiries: [StoredInquiry] = []
    /// Reference id's hash value → the newest inquiry with a reference id of that hash; older
    /// ones follow ``StoredInquiry/previousWithSameReferenceHash``.
    var referenceHeads: [Int: Int32] = [:]
    /// Statuses other than `created`, by position: most inquiries never move in a rehearsal.
    var lifecycles: [Int: InquiryLifecycle] = [:]
    /// One-time links by code.
    var oneTimeLinks: [String: OneTimeLink] = [:]
    /// Reference ids held by more than one inquiry (found as they are added, so that the stats
    /// need not walk a million inquiries).
    var duplicatedReferences: Set<String> = []
    /// The `meta` of creates that asked for a link or a session, by position, for replays.
    var createMeta: [Int: CreateMetaAnswer] = [:]
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

    /// The inquiry at `sequence`; as it was created when `asCreated`.
    func view(_ sequence: Int, asCreated: Bool = false) -> InquiryView {
        let stored = inquiries[sequence]
        return InquiryView(
            id: InquiryID(random: stored.random, sequence: sequence), command: stored.command.unpack(),
            createdAt: Date(timeIntervalSince1970: stored.createdAt),
            lifecycle: asCreated ? InquiryLifecycle() : lifecycles[sequence] ?? InquiryLifecycle())
    }

    /// The position of the inquiry with this id, if the store has it.
    func sequence(ofID text: String) -> Int? {
        guard let id = InquiryID(parsing: text), id.sequence < inquiries.count,
              inquiries[id.sequence].random == id.random else { return nil }
        return id.sequence
    }

    /// The inquiry with this id, if the store has it.
    func inquiry(id: String) -> InquiryView? {
        sequence(ofID: id).map { view($0) }
    }

    /// The status of the inquiry at `sequence`, without unpacking it.
    func status(at sequence: Int) -> InquiryStatus {
        lifecycles[sequence]?.status ?? .created
    }

    /// The positions of the inquiries with this reference id, oldest first.
    func sequences(withReference reference: String) -> [Int] {
        var found: [Int] = []
        var cursor = referenceHeads[reference.hashValue] ?? -1
        while cursor >= 0 {
            let stored = inquiries[Int(cursor)]
            if stored.command.referenceID == reference { found.append(Int(cursor)) }
            cursor = stored.previousWithSameReferenceHash
        }
        return found.reversed()
    }

    /// Adds an inquiry at the end and indexes its reference id.
    mutating func append(_ stored: StoredInquiry, referenceID: String?) -> Int {
        var stored = stored
        let sequence = inquiries.count
        if let referenceID {
            if !duplicatedReferences.contains(referenceID), !sequences(withReference: referenceID).isEmpty {
                duplicatedReferences.insert(referenceID)
            }
            let hash = referenceID.hashValue
            stored.previousWithSameReferenceHash = referenceHeads[hash] ?? -1
            referenceHeads[hash] = Int32(sequence)
        }
        inquiries.append(stored)
        return sequence
    }

    func snapshot() -> EmulatorStats {
        let duplicates = duplicateReferences()
        return EmulatorStats(
            requests: counters.requests,
            responses: Dictionary(uniqueKeysWithValues: counters.responses.map { (String($0.key), $0.value) }),
            rateLimited: counters.rateLimited, replays: counters.replays, conflicts: counters.conflicts,
            faults: counters.faults, inquiriesCreated: counters.inquiriesCreated,
            maxConcurrentRequests: counters.maxInFlight, duplicateReferenceIDs: duplicates,
            quotaExceeded: counters.quotaExceeded, requestsByVersion: counters.requestsByVersion)
    }
}

extension EmulatorStore {
    /// Every reference id given to more than one inquiry, with their ids, oldest first.
    func duplicateReferences() -> [EmulatorStats.DuplicateReference] {
        duplicatedReferences.sorted().map { reference in
            let ids = sequences(withReference: reference).map { InquiryID(random: inquiries[$0].random, sequence: $0).text }
            return EmulatorStats.DuplicateReference(referenceID: reference, inquiryIDs: ids)
        }
    }
}
