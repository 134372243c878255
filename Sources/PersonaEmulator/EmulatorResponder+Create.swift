import Foundation
import HTTPTypes
import Hummingbird
import JSON
import PersonaWire

extension EmulatorResponder {
    /// `POST /api/v1/inquiries`.
    func create(_ request: Request, meta: ResponseContext, now: Date) async -> Reply {
        var meta = meta
        if meta.keyIsReadOnly { return .response(error(.forbiddenWrite, meta)) }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: core.configuration.maxBodyBytes)
        } catch {
            return .response(self.error(.tooLarge, meta))
        }
        let idempotencyKey = request.headers[EmulatorHeaders.idempotencyKey].flatMap { $0.isEmpty ? nil : $0 }

        var fingerprint = 0
        let validated: Result<CreateCommand, APIError>
        if let parsed = try? JSONValue(parsing: body.readableBytesView, options: CreateRequestValidator.parsing) {
            validated = CreateRequestValidator.validate(parsed)
            // JSON equality: member order and layout do not count, as for Persona's parameters.
            if idempotencyKey != nil { fingerprint = parsed.hashValue }
        } else {
            validated = .failure(.badRequest("The request body is not valid JSON"))
            if idempotencyKey != nil {
                var hasher = Hasher()
                body.withUnsafeReadableBytes { hasher.combine(bytes: $0) }
                fingerprint = hasher.finalize()
            }
        }
        // A template that does not have a field refuses every create that fills it.
        let checked = validated.flatMap(core.configuration.templateAccepts)
        var prototype: StoredInquiry?
        if case .success(let command) = checked { prototype = Self.prototype(command, now: now) }

        let input = CreateInput(
            idempotencyKey: idempotencyKey, fingerprint: fingerprint, validated: checked,
            inflection: meta.inflection, now: now, prototype: prototype)
        let (outcome, quota) = core.store.withLock {
            $0.create(input, faults: core.configuration.faults, ttl: core.configuration.idempotencyTTL)
        }
        meta.quota = quota

        switch outcome {
        case .created(let inquiry):
            return .response(respond(.created, body: core.encoder.document(inquiry, inflection: meta.inflection), meta))
        case .replay(.inquiry(let inquiry, let inflection)):
            var response = respond(.created, body: core.encoder.document(inquiry, inflection: inflection), meta)
            response.headers.append(HTTPField(name: EmulatorHeaders.replayed, value: "true"))
            return .response(response)
        case .replay(.error(let status, let stored)):
            var response = respond(status, body: stored, meta)
            response.headers.append(HTTPField(name: EmulatorHeaders.replayed, value: "true"))
            return .response(response)
        case .conflict:
            return .response(error(.idempotencyConflict, meta))
        case .quotaExceeded(let status):
            return .response(error(.quotaExceeded(core.configuration.quotaExceededStatus), meta, retryAfter: status.resetSeconds))
        case .rejected(let apiError):
            return .response(error(apiError, meta))
        case .serverError(let status):
            return .response(error(.serverError(status), meta))
        case .serverErrorAfterCommit:
            return .response(error(.serverError(.internalServerError), meta))
        case .serverErrorStored(let apiError):
            return .response(error(apiError, meta))
        case .dropBefore, .dropAfterCommit:
            return .drop
        }
    }

    /// The inquiry minus what the store assigns (id, sequence, account).
    private static func prototype(_ command: CreateCommand, now: Date) -> StoredInquiry {
        var standard = [String?](repeating: nil, count: InquiryEncoder.standardFieldNames.count)
        for field in command.fields {
            if let index = InquiryEncoder.standardFieldNames.firstIndex(of: field.key) { standard[index] = field.value }
        }
        return StoredInquiry(
            id: "", sequence: 0, command: command, accountID: command.accountID, createdAt: now,
            createdAtText: Timestamp.format(now), expiresAtText: Timestamp.format(now + 86400),
            standardValues: standard)
    }
}
