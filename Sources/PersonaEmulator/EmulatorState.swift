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
}

/// Counters behind `GET /__emulator/stats`.
struct Counters: Sendable {
    var requests = 0
    var responses: [Int: Int] = [:]
    var rateLimited = 0
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
    var ids: SplitMix64

    init(configuration: EmulatorConfiguration) {
        rateWindow = FixedWindow(rule: configuration.rateLimit)
        quotaWindow = configuration.creationQuota.map(FixedWindow.init)
        let seed = configuration.seed ?? UInt64.random(in: .min ... .max)
        faultDice = SplitMix64(seed: seed)
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
            maxConcurrentRequests: counters.maxInFlight, duplicateReferenceIDs: duplicates)
    }
}

/// The inputs of one create, prepared outside the lock.
struct CreateInput: Sendable {
    var idempotencyKey: String?
    var fingerprint: Int
    var validated: Result<CreateCommand, APIError>
    var inflection: KeyInflection
    var now: Date
    /// The inquiry minus id, sequence and account, prepared outside the lock.
    var prototype: StoredInquiry?
}

extension EmulatorStore {
    /// Runs one create under the lock: faults, idempotency, quota, validation, store.
    mutating func create(_ input: CreateInput, faults: FaultConfiguration, ttl: Duration) -> (CreateOutcome, RateLimitStatus?) {
        // Always draw every die so the sequence depends only on the number of creates.
        let dropBefore = faultDice.chance(faults.dropBefore)
        let serverError = faultDice.chance(faults.serverError)
        let errorPick = faultDice.next() % 3
        let dropAfter = faultDice.chance(faults.dropAfterCommit)
        let errorAfter = faultDice.chance(faults.serverErrorAfterCommit)
        var quota = quotaWindow?.peek(at: input.now)

        if dropBefore {
            counters.faults.dropBefore += 1
            return (.dropBefore, quota)
        }
        if serverError {
            counters.faults.serverError += 1
            let status: HTTPResponse.Status = errorPick == 0 ? .internalServerError : errorPick == 1 ? .badGateway : .serviceUnavailable
            return (.serverError(status), quota)
        }
        if let key = input.idempotencyKey, let entry = idempotency[key] {
            if input.now.timeIntervalSince(entry.storedAt) >= ttl.seconds {
                idempotency[key] = nil
            } else if entry.fingerprint == input.fingerprint {
                counters.replays += 1
                return (.replay(entry.response), quota)
            } else {
                counters.conflicts += 1
                return (.conflict, quota)
            }
        }
        if quotaWindow != nil, let taken = quotaWindow?.take(at: input.now) {
            quota = taken.status
            if !taken.allowed { return (.quotaExceeded(taken.status), quota) }
        }
        guard case .success = input.validated, var inquiry = input.prototype else {
            let error: APIError
            if case .failure(let failure) = input.validated { error = failure } else { error = .serverError(.internalServerError) }
            if let key = input.idempotencyKey {
                idempotency[key] = IdempotencyEntry(
                    fingerprint: input.fingerprint, storedAt: input.now, response: .error(error.status, error.body()))
            }
            return (.rejected(error), quota)
        }
        inquiry.id = PersonaIDPrefix.inquiry.rawValue + ids.base58(count: 24)
        inquiry.sequence = inquiries.count
        if inquiry.accountID == nil, inquiry.command.autoCreateAccount {
            inquiry.accountID = PersonaIDPrefix.account.rawValue + ids.base58(count: 28)
        }
        inquiries.append(inquiry)
        indexByID[inquiry.id] = inquiry.sequence
        if let reference = inquiry.command.referenceID {
            indexesByReference[reference, default: []].append(inquiry.sequence)
        }
        counters.inquiriesCreated += 1

        if errorAfter {
            counters.faults.serverErrorAfterCommit += 1
            return (.serverErrorAfterCommit, quota)
        }
        if let key = input.idempotencyKey {
            idempotency[key] = IdempotencyEntry(
                fingerprint: input.fingerprint, storedAt: input.now, response: .inquiry(inquiry, input.inflection))
        }
        if dropAfter {
            counters.faults.dropAfterCommit += 1
            return (.dropAfterCommit, quota)
        }
        return (.created(inquiry), quota)
    }
}
