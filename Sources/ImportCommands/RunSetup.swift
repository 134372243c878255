import CommandLineValues
import Foundation
import ImportLedger
import ImportPipeline
import ImportProtocol
import Logging
import PersonaClient
import RecordMapping

/// Everything `run` builds from its request before it reads a row: the mapping, the options,
/// the ledger and its lock, the client, the stop switch.
public struct RunSetup {
    public var options: ImportOptions
    public var mapping: MappingConfiguration
    public var ledger: (any Ledger)?
    public var ledgerLocation: LedgerLocation
    public var client: PersonaAPIClient?
    public var control: RunControl
    /// Held for the whole run: one run at a time per ledger.
    public var lock: LedgerHold?
    /// `run -`: the copy of standard input the run reads, removed with the set-up.
    public var spool: StdinSpool?

    /// Builds the run. A dry run opens no client and takes no lock, and reads the ledger only
    /// when one exists. The client is made last: it must be shut down, so it exists only once
    /// nothing else can fail.
    public init(_ request: RunRequest, environment: [String: String], userAgent: String) throws(RunFailure) {
        do {
            mapping = try MappingConfiguration.load(
                mappingFile: request.mappingFile, schemaFile: request.schemaFile, templateOverride: request.template)
        } catch {
            throw RunFailure(.configuration, "\(error)")
        }
        do {
            options = try request.importOptions()
        } catch {
            throw RunFailure(.configuration, error.message)
        }
        ledgerLocation = .forRun(option: request.ledger, input: request.input, schema: request.ledgerSchema, environment: environment)
        if request.dryRun {
            ledger = ledgerLocation.exists ? try ledgerLocation.open(create: false) : nil
            client = nil
            lock = nil
        } else {
            let access = try SendingAccess(
                request.api, location: ledgerLocation, connections: request.concurrency, confirmedProduction: request.production,
                lockWait: (try? request.lockWait()) ?? .zero, environment: environment, userAgent: userAgent)
            lock = access.lock
            ledger = access.ledger
            client = PersonaAPIClient(configuration: access.configuration)
        }
        if request.input == "-" {
            // After the lock: the copy is this run's alone.
            let spool = try StdinSpool(directory: ledgerLocation.spoolDirectory, stem: "stdin")
            options.validation.inputPath = spool.path
            options.validation.inputName = "-"
            self.spool = spool
        }
        control = RunControl(
            gate: RateGate(limit: options.sending.rateLimit, period: options.sending.ratePeriod, headroom: options.sending.headroom),
            timeLimit: options.timeLimit)
    }

    /// The run, wired to this set-up.
    public func importRun(logger: Logger) -> ImportRun {
        var run = ImportRun(options: options, mapping: mapping, ledger: ledger, client: client, control: control, logger: logger)
        if let lock {
            run.lockHeld = lock.isHeld
            run.lockCheck = lock.check
        }
        return run
    }
}

/// What every command that sends needs, in the order that fails safest: the key (and the
/// production guard) before the lock, the lock before the ledger.
struct SendingAccess {
    var configuration: ClientConfiguration
    var lock: LedgerHold?
    var ledger: any Ledger

    /// `lockWait` nil takes no lock (for commands that write no row).
    init(
        _ api: APIAccess, location: LedgerLocation, connections: Int, confirmedProduction: Bool, lockWait: Duration?,
        environment: [String: String], userAgent: String, createLedger: Bool = true
    ) throws(RunFailure) {
        configuration = try api.clientConfiguration(environment: environment, connections: connections, userAgent: userAgent)
        try APIAccess.guardProduction(configuration.keyEnvironment, confirmed: confirmedProduction, environment: environment)
        lock = try lockWait.map { wait throws(RunFailure) in try location.lock(wait: wait) }
        ledger = try location.open(create: createLedger)
    }
}

/// The set-up of `reconcile`, `follow` and `links`: the key, the ledger (never created), a
/// client with one connection, and the stop switch at the assumed rate. `reconcile` settles
/// rows, so it holds the ledger's lock; `follow` and `links` write statuses and links only,
/// beside the rows, so they run beside a night's run without it.
public struct ReconcileSetup {
    public var ledger: any Ledger
    public var client: PersonaAPIClient
    public var control: RunControl
    let lock: LedgerHold?

    public init(
        api: APIAccess, location: LedgerLocation, rateLimit: String, environment: [String: String], userAgent: String,
        holdsLock: Bool = true
    ) throws(RunFailure) {
        let rate: (limit: Int, period: Double)
        do {
            rate = try OptionParsing.rate(rateLimit, option: "--rate-limit")
        } catch {
            throw RunFailure(.configuration, error.message)
        }
        // Reconcile sends no create: a production key needs no confirmation to look people up.
        let access = try SendingAccess(
            api, location: location, connections: 1, confirmedProduction: true, lockWait: holdsLock ? .zero : nil,
            environment: environment, userAgent: userAgent, createLedger: false)
        lock = access.lock
        ledger = access.ledger
        client = PersonaAPIClient(configuration: access.configuration)
        control = RunControl(gate: RateGate(limit: rate.limit, period: rate.period))
    }

    /// The job `id` names, else the newest; a configuration failure naming what to do when there is none.
    public func job(_ id: Int64?) throws(RunFailure) -> JobRecord {
        let jobs: [JobStatus]
        do { jobs = try ledger.jobs() } catch { throw RunFailure(error) }
        guard let chosen = id.map({ id in jobs.first { $0.job.id == id } }) ?? jobs.first else {
            throw RunFailure(.configuration, id.map { "no job \($0); persona-import status lists the jobs" } ?? "the ledger has no job yet")
        }
        return chosen.job
    }
}
