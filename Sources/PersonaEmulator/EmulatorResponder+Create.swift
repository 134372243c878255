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
        let validated: Result<CreateRequestValidator.Validated, APIError>
        if let parsed = try? JSONValue(parsing: body.readableBytesView, options: CreateRequestValidator.parsing) {
            validated = CreateRequestValidator.validate(parsed, shape: meta.shape)
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
        let checked = validated.flatMap { request in
            core.configuration.templateAccepts(request.command).map { _ in request }
        }
        var prototype: StoredInquiry?
        var extras = CreateExtras()
        if case .success(let request) = checked {
            prototype = StoredInquiry(random: 0, createdAt: now.timeIntervalSince1970, command: PackedCommand(request.command))
            extras = request.extras
        }
        let input = CreateInput(
            idempotencyKey: idempotencyKey, fingerprint: fingerprint, validated: checked.map(\.command),
            inflection: meta.inflection, shape: meta.shape, extras: extras, origin: meta.origin, now: now,
            prototype: prototype, referenceID: (try? checked.get())?.command.referenceID)
        let (outcome, quota) = core.store.withLock {
            $0.create(input, faults: core.configuration.faults, ttl: core.configuration.idempotencyTTL)
        }
        meta.quota = quota

        switch outcome {
        case .created(let inquiry, let answer):
            emitEvent("inquiry.created", inquiry: inquiry, at: now)
            return .response(respond(.created, body: createdDocument(inquiry, answer, meta: meta), meta))
        case .replay(.inquiry(let sequence, let inflection, let shape)):
            // Read under the lock again: a `/__emulator/reset` in between empties the store.
            guard let (inquiry, createMeta) = core.store.withLock({ store -> (InquiryView, CreateMetaAnswer)? in
                guard Int(sequence) < store.inquiries.count else { return nil }
                return (store.view(Int(sequence), asCreated: true), store.createMeta[Int(sequence)] ?? CreateMetaAnswer())
            }) else {
                return .response(error(.serverError(.internalServerError), meta))
            }
            let answer = CreatedAnswer(inflection: inflection, shape: shape, meta: createMeta)
            var response = respond(.created, body: createdDocument(inquiry, answer, meta: meta), meta)
            response.headers.append(HTTPField(name: EmulatorHeaders.replayed, value: "true"))
            return .response(response)
        case .replay(.error(let stored)):
            var response = respond(stored.status, body: stored.body, meta)
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

    /// A create's answer: the inquiry and its `meta`, as the create's own request shaped it.
    private func createdDocument(_ inquiry: InquiryView, _ answer: CreatedAnswer, meta: ResponseContext) -> ByteBuffer {
        core.encoder.document(
            inquiry, inflection: answer.inflection, shape: answer.shape, included: meta.includeAsked,
            meta: .created(answer.meta))
    }
}
