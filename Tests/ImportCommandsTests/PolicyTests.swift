import CommandLineValues
import Foundation
import ImportCommands
import ImportProtocol
import InputReaders
import PersonaClient
import Testing

@Suite struct LedgerLocationTests {
    @Test func runKeepsItsLedgerBesideTheInputUnlessTold() {
        #expect(LedgerLocation.forRun(option: nil, input: "a.csv", schema: "s", environment: [:]) == .sqlite(path: "a.csv.ledger.sqlite"))
        #expect(LedgerLocation.forRun(option: nil, input: "a.csv", schema: "s", environment: ["PERSONA_IMPORT_LEDGER": "x.sqlite"])
            == .sqlite(path: "x.sqlite"))
        #expect(LedgerLocation.forRun(option: "o.sqlite", input: "a.csv", schema: "s", environment: ["PERSONA_IMPORT_LEDGER": "x"])
            == .sqlite(path: "o.sqlite"), "the option wins over the environment")
        #expect(LedgerLocation.forRun(option: nil, input: "a.csv", schema: "s", environment: ["PERSONA_IMPORT_LEDGER": ""])
            == .sqlite(path: "a.csv.ledger.sqlite"), "an empty variable is no variable")
    }

    @Test func aPostgresURLIsAPostgresLedgerAndItsPasswordIsNeverShown() {
        let location = LedgerLocation("postgres://importer:s3cret@db:5432/ops", schema: "nightly")
        #expect(location == .postgres(url: "postgres://importer:s3cret@db:5432/ops", schema: "nightly"))
        #expect(!location.displayName.contains("s3cret") && location.displayName.contains("schema nightly"))
    }

    @Test func readingCommandsFindTheOneLedgerHereOrSayWhatToPass() throws {
        let found = try LedgerLocation.forReading(
            option: nil, schema: "s", environment: [:], directoryEntries: ["a.csv", "a.csv.ledger.sqlite", "notes"])
        #expect(found == .sqlite(path: "a.csv.ledger.sqlite"))
        #expect(throws: UsageError.self) {
            try LedgerLocation.forReading(option: nil, schema: "s", environment: [:], directoryEntries: ["a.csv"])
        }
        do {
            _ = try LedgerLocation.forReading(
                option: nil, schema: "s", environment: [:], directoryEntries: ["b.ledger.sqlite", "a.ledger.sqlite"])
            Issue.record("two ledgers must be refused")
        } catch {
            #expect(error.message.contains("a.ledger.sqlite, b.ledger.sqlite") && error.message.contains("--ledger"))
        }
    }
}

@Suite struct APIAccessTests {
    private func keyFile(_ text: String, mode: mode_t) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    @Test func theKeyComesFromTheEnvironmentOrSaysHowToGiveIt() throws {
        #expect(try APIAccess.readKey(file: nil, environment: ["PERSONA_API_KEY": "persona_sandbox_x"]) == "persona_sandbox_x")
        do {
            _ = try APIAccess.readKey(file: nil, environment: [:])
            Issue.record("no key must be refused")
        } catch {
            #expect(error.kind == .configuration && error.message.contains("PERSONA_API_KEY") && error.message.contains("--api-key-file"))
        }
    }

    @Test func aKeyFileIsReadOnlyWhenNoOneElseCanReadIt() throws {
        let privateFile = try keyFile(" persona_sandbox_y\n", mode: 0o600)
        defer { unlink(privateFile) }
        #expect(try APIAccess.readKey(file: privateFile, environment: ["PERSONA_API_KEY": "other"]) == "persona_sandbox_y")
        let shared = try keyFile("persona_sandbox_z", mode: 0o644)
        defer { unlink(shared) }
        do {
            _ = try APIAccess.readKey(file: shared, environment: [:])
            Issue.record("a key file others can read must be refused")
        } catch {
            #expect(error.message.contains("chmod 600 \(shared)") && !error.message.contains("persona_sandbox_z"))
        }
        let empty = try keyFile("\n", mode: 0o600)
        defer { unlink(empty) }
        #expect(throws: RunFailure.self) { try APIAccess.readKey(file: empty, environment: [:]) }
    }

    @Test func aProductionKeyNeedsAConfirmation() throws {
        #expect(throws: RunFailure.self) { try APIAccess.guardProduction(.production, confirmed: false, environment: [:]) }
        try APIAccess.guardProduction(.production, confirmed: true, environment: [:])
        try APIAccess.guardProduction(.production, confirmed: false, environment: ["PERSONA_IMPORT_ALLOW_PRODUCTION": "1"])
        try APIAccess.guardProduction(.sandbox, confirmed: false, environment: [:])
        #expect(throws: RunFailure.self) {
            try APIAccess.guardProduction(.production, confirmed: false, environment: ["PERSONA_IMPORT_ALLOW_PRODUCTION": "yes"])
        }
    }
}

@Suite struct RunRequestTests {
    private func request(_ change: (inout RunRequest) -> Void = { _ in }) -> RunRequest {
        var request = RunRequest(input: "a.csv", reader: ReaderOptions(), api: APIAccess(base: nil, keyFile: nil))
        change(&request)
        return request
    }

    @Test func theDefaultsShownAreTheProtocolsOwn() throws {
        #expect(RunRequest.defaultRateLimit == "300/60s")
        #expect(RunRequest.defaultIdempotencyWindow == "1h")
        let rate = try OptionParsing.rate(RunRequest.defaultRateLimit, option: "--rate-limit")
        #expect(rate.limit == SendOptions().rateLimit && rate.period == SendOptions().ratePeriod)
        #expect(try OptionParsing.duration(RunRequest.defaultIdempotencyWindow, option: "x") == SendOptions().idempotencyWindow)
        #expect((1...RunRequest.mostThreads).contains(RunRequest.defaultWorkers), "a host with many cores still runs with the defaults")
        try request().validate()
    }

    @Test func eachRuleNamesItsOption() {
        let cases: [(String, (inout RunRequest) -> Void)] = [
            ("standard input", { $0.input = "-" }),
            ("--concurrency", { $0.concurrency = 65 }),
            ("--concurrency", { $0.concurrency = 0 }),
            ("--workers", { $0.workers = 0 }),
            ("--headroom", { $0.headroomPercent = 95 }),
            ("--headroom", { $0.headroomPercent = .nan }),
            ("--show-rejects", { $0.rejectsToShow = -1 }),
            ("--rate-limit", { $0.rateLimit = "300" }),
            ("--time-limit", { $0.timeLimit = "forever" }),
            ("--idempotency-window", { $0.idempotencyWindow = "0s" }),
            ("--wait-for-lock", { $0.waitForLock = "40d" }),
        ]
        for (option, change) in cases {
            do {
                try request(change).validate()
                Issue.record("\(option) should be refused")
            } catch {
                #expect(error.message.contains(option), "\(error.message)")
            }
        }
    }
}

@Suite struct OptionTextTests {
    @Test func durationsAndRatesReadBackAsWritten() throws {
        for (seconds, text) in [(3600.0, "1h"), (90, "90s"), (60, "60s"), (0.5, "500ms"), (19_800, "5h30m"), (86_400, "1d")] {
            #expect(OptionParsing.format(seconds: seconds) == text)
            #expect(try OptionParsing.duration(text, option: "x") == seconds)
        }
        #expect(OptionParsing.format(limit: 300, period: 60) == "300/60s")
    }
}

@Suite struct RejectsLimitTests {
    @Test func aNumberOrAPercentage() throws {
        let rows = try RejectsLimit(parsing: "50")
        #expect(!rows.isExceeded(rejected: 50, read: 60) && rows.isExceeded(rejected: 51, read: 1000))
        let share = try RejectsLimit(parsing: "5%")
        #expect(!share.isExceeded(rejected: 5, read: 100) && share.isExceeded(rejected: 6, read: 100))
        #expect(!share.isExceeded(rejected: 0, read: 0))
        #expect(try RejectsLimit(parsing: "2.5%").isExceeded(rejected: 3, read: 100))
        for bad in ["-1", "five", "150%", "%", "nan%"] {
            #expect(throws: UsageError.self, "\(bad)") { try RejectsLimit(parsing: bad) }
        }
    }

    @Test func theRunRequestRefusesABadLimit() {
        var request = RunRequest(input: "a.csv", reader: ReaderOptions(), api: APIAccess(base: nil, keyFile: nil))
        request.maxRejects = "lots"
        #expect(throws: UsageError.self) { try request.validate() }
        request.maxRejects = nil
        request.maxFailures = -1
        #expect(throws: UsageError.self) { try request.validate() }
    }
}
