import ArgumentParser
import CommandLineValues
import Foundation
import Logging
import PersonaEmulator
import PersonaWire

/// `persona-emulator`: parses options into an `EmulatorConfiguration` and runs the server
/// until SIGINT/SIGTERM.
@main
struct PersonaEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persona-emulator",
        abstract: "A local HTTP server that follows Persona's inquiry API contract.")

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free one.")
    var port = 0

    @Option(help: "Write the bound port to this file (atomically).")
    var portFile: String?

    @Option(name: .customLong("api-key"), help: "A key with full permissions (repeatable; else \(EmulatorConfiguration.apiKeysEnvironmentVariable), else the default sandbox key).")
    var apiKeys: [String] = []

    @Option(name: .customLong("read-only-key"), help: "A key without inquiry.write: creates get 403 (repeatable).")
    var readOnlyKeys: [String] = []

    @Option(help: "Send signed inquiry events (inquiry.created, .started, .completed, .approved, …) to this URL.")
    var webhookURL: String?

    @Option(help: "The webhook secret events are signed with (required with --webhook-url).")
    var webhookSecret: String?

    @Option(help: "The API version of requests that send no Persona-Version (a key's configured version).")
    var defaultVersion = PersonaVersion.newest.rawValue

    @Option(help: "Default response key case: camel, kebab or snake.")
    var keyInflection = "kebab"

    @Option(help: "Comma-separated globs over kebab-case attribute names to strip from responses, e.g. 'name-*,address-*'.")
    var attributeBlocklist: String?

    @Option(help: "Request rate limit over all keys, e.g. 300/60s or 5/1s (period 1ms to 3650d).")
    var rateLimit = OptionParsing.format(limit: PersonaRateLimit.defaultLimit, period: Double(PersonaRateLimit.defaultPeriodSeconds))

    @Option(help: "Inquiry-creation quota, e.g. 150/60s (none by default).")
    var creationQuota: String?

    @Option(help: "Status of a create refused by the quota: 429 or 403 (title \"Quota exceeded\" either way).")
    var quotaStatus = "429"

    @Option(help: "Quota header spelling: quota (Quota-Limit/Remaining/Reset) or quotalimit (QuotaLimit-Limit/Remaining/Reset).")
    var quotaHeaders = "quota"

    @Option(help: "A field key the inquiry template does not have: creates that fill it get a 422 (repeatable).")
    var refuseField: [String] = []

    @Flag(help: "Add Retry-After to rate-limit and quota refusals.")
    var retryAfter = false

    @Option(help: "How long Idempotency-Keys are kept, e.g. 24h, 90s, 500ms (1ms to 3650d).")
    var idempotencyTTL = "24h"

    @Option(name: .customLong("fault-5xx"), help: "Probability of a 500/502/503 before anything is created.")
    var fault5xx = "0"

    @Option(help: "Probability of closing the connection with no response before anything is created.")
    var dropBefore = "0"

    @Option(help: "Probability of creating the inquiry, storing it under the Idempotency-Key, then closing the connection with no response.")
    var dropAfterCommit = "0"

    @Option(name: .customLong("fault-5xx-after-commit"), help: "Probability of creating the inquiry, then answering 500 without storing it under the Idempotency-Key.")
    var fault5xxAfterCommit = "0"

    @Option(name: .customLong("fault-5xx-stored"), help: "Probability of a 500 stored under the Idempotency-Key and replayed for that key until it expires; half strike after the inquiry is created, half before.")
    var fault5xxStored = "0"

    @Option(help: "Added latency in milliseconds (uniform in 50%..150% of it; at most 10 years).")
    var latency: String?

    @Option(help: "Seed for the fault dice, to reproduce a run.")
    var seed: UInt64?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        _ = try makeConfiguration(environment: [:])
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(logLevel)'")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let configuration = try makeConfiguration(environment: ProcessInfo.processInfo.environment)
        let emulator = PersonaEmulator(configuration: configuration, logger: Logger(label: "persona-emulator"))
        try await emulator.runUntilSignalled()
    }

    private func makeConfiguration(environment: [String: String]) throws -> EmulatorConfiguration {
        do {
            var configuration = EmulatorConfiguration()
            configuration.host = host
            guard (0...65535).contains(port) else {
                throw ValidationError("--port must be between 0 and 65535; got \(port)")
            }
            configuration.port = port
            configuration.portFile = portFile
            let fromEnvironment = environment[EmulatorConfiguration.apiKeysEnvironmentVariable].map(EmulatorDuration.list) ?? []
            if !apiKeys.isEmpty {
                configuration.apiKeys = apiKeys
            } else if !fromEnvironment.isEmpty {
                configuration.apiKeys = fromEnvironment
            }
            configuration.readOnlyKeys = readOnlyKeys
            configuration.defaultKeyInflection = try EmulatorDuration.keyInflection(keyInflection, option: "--key-inflection")
            configuration.defaultVersion = try EmulatorDuration.version(defaultVersion, option: "--default-version")
            if let webhookURL {
                guard let webhookSecret, !webhookSecret.isEmpty else {
                    throw ValidationError("--webhook-url needs --webhook-secret (the secret the events are signed with)")
                }
                configuration.webhook = WebhookTarget(url: webhookURL, secret: webhookSecret)
            }
            configuration.attributeBlocklist = attributeBlocklist.map(EmulatorDuration.list) ?? []
            configuration.refusedFields = Set(refuseField.map { KeyInflection.kebab.convert($0) })
            configuration.rateLimit = try RateLimitRule(parsing: rateLimit, option: "--rate-limit")
            configuration.creationQuota = try creationQuota.map { try RateLimitRule(parsing: $0, option: "--creation-quota") }
            configuration.quotaExceededStatus = try QuotaExceededStatus(parsing: quotaStatus, option: "--quota-status")
            configuration.quotaHeaderSpelling = try QuotaHeaderSpelling(parsing: quotaHeaders, option: "--quota-headers")
            configuration.sendsRetryAfter = retryAfter
            configuration.idempotencyTTL = try EmulatorDuration.parse(idempotencyTTL, option: "--idempotency-ttl")
            configuration.faults.serverError = try EmulatorDuration.probability(fault5xx, option: "--fault-5xx")
            configuration.faults.dropBefore = try EmulatorDuration.probability(dropBefore, option: "--drop-before")
            configuration.faults.dropAfterCommit = try EmulatorDuration.probability(dropAfterCommit, option: "--drop-after-commit")
            configuration.faults.serverErrorAfterCommit = try EmulatorDuration.probability(
                fault5xxAfterCommit, option: "--fault-5xx-after-commit")
            configuration.faults.serverErrorStored = try EmulatorDuration.probability(fault5xxStored, option: "--fault-5xx-stored")
            configuration.faults.latency = try latency.map { try EmulatorDuration.milliseconds($0, option: "--latency") }
            configuration.seed = seed
            return configuration
        } catch let error as EmulatorConfigurationError {
            throw ValidationError(error.message)
        }
    }
}
