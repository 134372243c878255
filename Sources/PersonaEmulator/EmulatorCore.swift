import Locking
import Foundation
import Logging
import PersonaWire

/// The emulator's shared parts: configuration, derived lookups and the locked store.
final class EmulatorCore: Sendable {
    let configuration: EmulatorConfiguration
    let logger: Logger
    let store: Locked<EmulatorStore>
    let encoder: InquiryEncoder
    let apiKeys: Set<String>
    let readOnlyKeys: Set<String>
    /// Where inquiry events go (`--webhook-url`); nil sends none.
    let webhooks: WebhookSender?

    init(configuration: EmulatorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        store = Locked(EmulatorStore(configuration: configuration))
        encoder = InquiryEncoder(blocklist: configuration.attributeBlocklist)
        readOnlyKeys = Set(configuration.readOnlyKeys)
        apiKeys = Set(configuration.apiKeys).union(readOnlyKeys)
        webhooks = configuration.webhook.map { WebhookSender(target: $0, logger: logger) }
    }

    /// Empties inquiries, idempotency keys, counters and windows (requests in flight stay counted).
    func reset() {
        store.withLock { store in
            let inFlight = store.counters.inFlight
            store = EmulatorStore(configuration: configuration)
            store.counters.inFlight = inFlight
        }
    }
}
