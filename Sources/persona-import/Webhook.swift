import ArgumentParser
import CommandLineValues
import Crypto
import Foundation
import ImportCommands
import ImportLedger
import ImportProtocol
import WebhookReceiver

/// `persona-import webhook`: receives Persona's inquiry events into the ledger.
struct Webhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive Persona's signed inquiry events and record each inquiry's status in the ledger.",
        discussion: """
            Each delivery's Persona-Signature is checked against the secret (HMAC-SHA256, \
            constant time; during a rotation either pair may match), a signature older than \
            --tolerance is refused, and an event older than the status held changes nothing. \
            Only ids, statuses, event names and times are kept or logged, never the payload. \
            GET / answers 200 for a health check. It writes statuses only, so it runs beside a \
            night's run without its lock; it creates the ledger when there is none yet. Put it \
            behind a TLS-terminating proxy.

            Example:
              persona-import webhook --listen 127.0.0.1:8088 --secret-file /etc/persona-import/webhook-secret \\
                  --ledger /var/lib/persona-import/customers.ledger.sqlite
            \(ExitStatus.helpLine([.success, .failure, .usage]))
            """)

    @OptionGroup var ledgerOptions: LedgerOptions

    @Option(help: "HOST:PORT to listen on (port 0 picks a free one).")
    var listen: String

    @Option(help: "A file (mode 0600) holding the webhook secret; one per line while rotating.")
    var secretFile: String

    @Option(help: "How old a signature may be, e.g. 5m.")
    var tolerance = "5m"

    @Option(help: "Write the bound port to this file once listening.")
    var portFile: String?

    func validate() throws {
        guard ListenAddress(listen) != nil else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8088; got '\(listen)'")
        }
        _ = try toleranceSeconds()
    }

    private func toleranceSeconds() throws -> TimeInterval {
        do {
            return try OptionParsing.duration(tolerance, option: "--tolerance")
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let logger = makeLogger()
        let secrets: [SymmetricKey]
        let ledger: any Ledger
        do {
            secrets = try SecretFile.webhookSecrets(secretFile).map { SymmetricKey(data: Data($0.utf8)) }
            // Created when missing: the receiver may start before the first night's run.
            ledger = try ledgerOptions.location().open(create: true)
        } catch {
            printError(error)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
        guard let address = ListenAddress(listen) else { throw ExitCode(ExitStatus.usage.rawValue) }
        var configuration = WebhookReceiver.Configuration(secrets: secrets)
        configuration.host = address.host
        configuration.port = address.port
        configuration.portFile = portFile
        configuration.tolerance = try toleranceSeconds()
        let receiver = WebhookReceiver(configuration: configuration, store: ledger, logger: logger)
        try await receiver.runUntilSignalled { port in
            FileHandle.standardOutput.write(Data("listening on http://\(address.host):\(port)\n".utf8))
        }
    }
}
