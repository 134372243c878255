import Foundation
import Hummingbird
import JSON
import PersonaWire

extension EmulatorResponder {
    /// `POST /api/v1/inquiries/{id}/generate-one-time-link`, body optional:
    /// `{"meta": {"expires-in-seconds": N}}` (N > 0; Persona's default is 24 hours).
    func generateLink(_ request: Request, id: String, meta: ResponseContext, now: Date) async -> Response {
        if meta.keyIsReadOnly { return error(.forbiddenWrite, meta) }
        var lifetime: Int?
        switch await actionBody(request) {
        case .failure(let apiError): return error(apiError, meta)
        case .success(nil): break
        case .success(let body?):
            guard case .object(let members) = body, members.keys.allSatisfy({ $0 == "meta" }) else {
                return error(.badRequest("The body takes only meta.expires_in_seconds", pointer: "/"), meta)
            }
            if let linkMeta = body["meta"] {
                guard case .object(let entries) = linkMeta, entries.keys.allSatisfy({ $0 == "expires-in-seconds" }) else {
                    return error(.badRequest("meta takes only expires_in_seconds", pointer: "/meta"), meta)
                }
                switch linkMeta["expires-in-seconds"] {
                case nil: break
                case .integer(let seconds)? where seconds > 0 && seconds <= Int(Int32.max): lifetime = seconds
                default:
                    return error(.badRequest("meta.expires_in_seconds must be an integer greater than 0", pointer: "/meta/expires-in-seconds"), meta)
                }
            }
        }
        let result = core.store.withLock { $0.generateLink(id: id, lifetimeSeconds: lifetime, now: now, origin: meta.origin) }
        switch result {
        case .failure(let apiError):
            return error(apiError, meta)
        case .success(let (inquiry, link)):
            let body = core.encoder.document(
                inquiry, inflection: meta.inflection, shape: meta.shape, included: meta.includeAsked, meta: .link(link))
            return respond(.ok, body: body, meta)
        }
    }

    /// `POST /api/v1/inquiries/{id}/perform-simulate-actions` (sandbox keys only):
    /// `{"meta": {"simulate-actions": [{"type": "start_inquiry"}, …]}}`, applied in order or not at all.
    func simulate(_ request: Request, id: String, meta: ResponseContext, now: Date) async -> Response {
        if meta.keyIsReadOnly { return error(.forbiddenWrite, meta) }
        guard meta.keyIsSandbox else { return error(.sandboxOnly, meta) }
        let actions: [SimulateAction]
        switch await actionBody(request).flatMap(Self.simulateActions) {
        case .failure(let apiError): return error(apiError, meta)
        case .success(let parsed): actions = parsed
        }
        switch core.store.withLock({ $0.simulate(actions, id: id, now: now) }) {
        case .failure(let apiError):
            return error(apiError, meta)
        case .success(let (inquiry, steps)):
            for (action, lifecycle) in steps {
                guard let name = WebhookSender.eventName(action) else { continue }
                var step = inquiry
                step.lifecycle = lifecycle
                emitEvent(name, inquiry: step, at: now)
            }
            let body = core.encoder.document(inquiry, inflection: meta.inflection, shape: meta.shape, included: meta.includeAsked)
            return respond(.ok, body: body, meta)
        }
    }

    /// Sends an inquiry event to `--webhook-url`, if one is set.
    func emitEvent(_ name: String, inquiry: InquiryView, at time: Date) {
        guard let webhooks = core.webhooks else { return }
        let eventID = "evt_" + core.store.withLock { $0.ids.base58(count: 24) }
        let shape = ResponseShape(core.configuration.defaultVersion)
        let body = WebhookSender.document(eventID: eventID, name: name, at: time) { writer in
            core.encoder.write(inquiry, inflection: .kebab, shape: shape, into: &writer)
        }
        webhooks.send(body, eventID: eventID, at: time)
    }

    /// The actions a simulate body lists; a 400 for anything the request schema does not allow.
    static func simulateActions(_ body: JSONValue?) -> Result<[SimulateAction], APIError> {
        guard let body, case .object(let members) = body, members.keys.allSatisfy({ $0 == "meta" }),
              let actionsMeta = body["meta"], case .object(let entries) = actionsMeta,
              entries.keys.allSatisfy({ $0 == "simulate-actions" }),
              case .array(let items)? = actionsMeta["simulate-actions"]
        else {
            return .failure(.badRequest("The body must be {\"meta\": {\"simulate_actions\": [...]}}", pointer: "/meta/simulate-actions"))
        }
        var actions: [SimulateAction] = []
        for (index, item) in items.enumerated() {
            guard case .string(let type)? = item["type"], let action = SimulateAction(rawValue: type) else {
                return .failure(.badRequest(
                    "meta.simulate_actions[\(index)].type must be one of "
                        + SimulateAction.allCases.map(\.rawValue).joined(separator: ", "),
                    pointer: "/meta/simulate-actions/\(index)/type"))
            }
            actions.append(action)
        }
        return .success(actions)
    }

    /// An action's JSON body, nil when empty; keys read in kebab-case as for creates.
    private func actionBody(_ request: Request) async -> Result<JSONValue?, APIError> {
        var request = request
        guard let body = try? await request.collectBody(upTo: core.configuration.maxBodyBytes) else {
            return .failure(.tooLarge)
        }
        if body.readableBytes == 0 { return .success(nil) }
        guard let parsed = try? JSONValue(parsing: body.readableBytesView, options: CreateRequestValidator.parsing) else {
            return .failure(.badRequest("The request body is not valid JSON"))
        }
        return .success(parsed)
    }
}
