import Foundation
import PersonaWire

/// The inputs of one create, prepared outside the lock.
struct CreateInput: Sendable {
    var idempotencyKey: String?
    var fingerprint: Int
    var validated: Result<CreateCommand, APIError>
    var inflection: KeyInflection
    var shape: ResponseShape
    var extras: CreateExtras
    /// `http://host:port` as the request named it: where one-time links point.
    var origin: String
    var now: Date
    /// The inquiry minus its random id part, prepared outside the lock.
    var prototype: StoredInquiry?
    var referenceID: String?
}

extension EmulatorStore {
    /// Runs one create under the lock: faults, idempotency, quota, validation, store.
    ///
    /// At most one fault strikes, checked in this order: drop before, 5xx (in front of the
    /// application, so before replays), then after the idempotency and quota checks the stored
    /// 5xx's before half, validation, the commit, 5xx after commit, the stored 5xx's after half,
    /// drop after commit.
    mutating func create(_ input: CreateInput, faults: FaultConfiguration, ttl: Duration) -> (CreateOutcome, RateLimitStatus?) {
        let roll = FaultRoll(faults, dice: &faultDice, storedDice: &storedFaultDice)
        var quota = quotaWindow?.peek(at: input.now)

        if roll.dropBefore {
            counters.faults.dropBefore += 1
            return (.dropBefore, quota)
        }
        if let status = roll.serverError {
            counters.faults.serverError += 1
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
            if !taken.allowed {
                counters.quotaExceeded += 1
                return (.quotaExceeded(taken.status), quota)
            }
        }
        if roll.serverErrorStored, !roll.storedAfterCommit {
            return (storedServerError(input), quota)
        }
        guard case .success = input.validated, var inquiry = input.prototype else {
            let error: APIError
            if case .failure(let failure) = input.validated { error = failure } else { error = .serverError(.internalServerError) }
            remember(.error(StoredError(error.status, error.body())), for: input)
            return (.rejected(error), quota)
        }
        inquiry.random = ids.next()
        let sequence = append(inquiry, referenceID: input.referenceID)
        counters.inquiriesCreated += 1
        var meta = CreateMetaAnswer()
        if input.extras.inquirySession { meta.sessionToken = sessionToken() }
        if input.extras.oneTimeLink {
            meta.link = issueLink(
                for: sequence, lifetimeSeconds: input.extras.linkLifetimeSeconds, now: input.now, origin: input.origin)
        }
        if meta != CreateMetaAnswer() { createMeta[sequence] = meta }
        let answer = CreatedAnswer(inflection: input.inflection, shape: input.shape, meta: meta)

        if roll.serverErrorAfterCommit {
            counters.faults.serverErrorAfterCommit += 1
            return (.serverErrorAfterCommit, quota)
        }
        if roll.serverErrorStored {
            counters.faults.serverErrorStoredAfterCommit += 1
            return (storedServerError(input), quota)
        }
        remember(.inquiry(sequence: Int32(sequence), input.inflection, input.shape), for: input)
        if roll.dropAfterCommit {
            counters.faults.dropAfterCommit += 1
            return (.dropAfterCommit, quota)
        }
        return (.created(view(sequence), answer), quota)
    }

    /// A `--fault-5xx-stored` 500: counted, and stored under the key (if any) so every later
    /// request with it gets the same 500 until the key expires.
    private mutating func storedServerError(_ input: CreateInput) -> CreateOutcome {
        counters.faults.serverErrorStored += 1
        let error = APIError.serverError(.internalServerError)
        remember(.error(StoredError(error.status, error.body())), for: input)
        return .serverErrorStored(error)
    }

    /// Stores `response` under the request's Idempotency-Key, if it sent one.
    private mutating func remember(_ response: StoredResponse, for input: CreateInput) {
        guard let key = input.idempotencyKey else { return }
        idempotency[key] = IdempotencyEntry(fingerprint: input.fingerprint, storedAt: input.now, response: response)
    }
}
