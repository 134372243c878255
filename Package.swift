// swift-tools-version:6.1
import PackageDescription

/// Every target builds in Swift 6 language mode (strict concurrency); `any` is spelled out.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "persona-import",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "persona-import", targets: ["persona-import"]),
        .executable(name: "persona-emulator", targets: ["persona-emulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The ledger: SQLite with a serial writer and versioned migrations.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // SHA-256 of the input file (job identity) and of request bodies; already resolved
        // through AsyncHTTPClient's dependencies, so it costs no extra package.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Run metrics for node_exporter's textfile collector: the pipeline records through
        // swift-metrics; the executable bootstraps swift-prometheus and writes its text format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already resolved through Hummingbird; the emulator names them for the header-field
        // type, the connection channel (to drop a connection on purpose) and graceful shutdown.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The ledger on PostgreSQL (issue 11): PostgresNIO is the listed PostgreSQL client, on the
        // SwiftNIO the package already builds; it brings TLS through swift-nio-ssl.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: Shared by both sides (importer and emulator)
        // The one lock box, and the syntax of durations and rates on both command lines.
        .target(name: "Locking", swiftSettings: strict),
        .target(name: "CommandLineValues", swiftSettings: strict),

        // MARK: Stage boundaries
        .target(name: "ImportCore", swiftSettings: strict),

        // MARK: Read
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib inflates gzip-compressed exports as they are read.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "InputReaders", dependencies: ["ImportCore", "Locking", "CLibXML2", "CZlib"], swiftSettings: strict),

        // MARK: JSON text
        // One JSON value, its strict parser and one writer: for schemas and instances, the
        // client's request bodies and the emulator's requests and answers.
        .target(name: "JSON", swiftSettings: strict),

        // MARK: Map and validate
        .target(name: "JSONSchema", dependencies: ["JSON"], swiftSettings: strict),
        .target(
            name: "RecordMapping",
            dependencies: ["ImportCore", "JSON", "JSONSchema", "Locking", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),

        // MARK: Persona wire and emulator
        .target(name: "PersonaWire", swiftSettings: strict),
        .target(
            name: "PersonaEmulator",
            dependencies: [
                // JSONSchema for its calendar check only: one home for which days exist.
                "PersonaWire", "JSON", "JSONSchema", "Locking", "CommandLineValues",
                .product(name: "Hummingbird", package: "hummingbird"),
                // Its signed webhooks (--webhook-url): sent with the package's HTTP client, signed
                // with HMAC-SHA256 on its own (not the receiver's code: two readings of one format).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: Create
        .target(
            name: "PersonaClient",
            dependencies: [
                "ImportCore", "JSON", "PersonaWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Record
        .target(
            name: "ImportLedger",
            dependencies: ["ImportCore", "Locking", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "PostgresLedger",
            dependencies: [
                "ImportLedger", "Locking",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Create → record, exactly once
        // The protocol: what is sent under which key, when a row is looked up first, what each
        // answer settles in the ledger. Readable in one sitting; knows nothing of files or reports.
        .target(
            name: "ImportProtocol",
            dependencies: [
                "ImportCore", "PersonaWire", "PersonaClient", "ImportLedger", "Locking",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: After creation
        // Each created inquiry's life: its status read back into the ledger.
        .target(
            name: "InquiryFollowUp",
            dependencies: [
                "PersonaClient", "ImportLedger",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Persona's inquiry events, signed, received on Hummingbird into the ledger.
        .target(
            name: "WebhookReceiver",
            dependencies: [
                "ImportLedger",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: Reporting
        // The run's summary and what is made of it: progress, the JSON and HTML reports,
        // metrics, the status and export views of a ledger.
        .target(
            name: "ImportReporting",
            dependencies: [
                "ImportCore", "ImportProtocol", "ImportLedger", "PersonaClient", "CommandLineValues", "Locking",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // MARK: Orchestration
        // read → map/validate → create → record: the threads and queues that join the stages.
        .target(
            name: "ImportPipeline",
            dependencies: [
                "ImportCore", "InputReaders", "RecordMapping", "PersonaClient", "ImportLedger", "ImportProtocol",
                "ImportReporting", "Locking",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Command-line policy and executables
        // What the commands decide (exit codes, where the ledger is, which key, the production
        // guard, each command's set-up), with unit tests; the executable parses and prints.
        .target(
            name: "ImportCommands",
            dependencies: [
                "ImportCore", "InputReaders", "RecordMapping", "PersonaWire", "PersonaClient", "ImportLedger", "PostgresLedger",
                "ImportProtocol", "ImportReporting", "ImportPipeline", "CommandLineValues",
                // The dead-man's switch's pings (--ping-url), on the HTTP client the importer has.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "persona-import",
            dependencies: [
                "ImportCommands", "ImportPipeline", "ImportProtocol", "ImportReporting", "ImportLedger", "PostgresLedger",
                "PersonaClient", "RecordMapping", "InputReaders", "CommandLineValues", "InquiryFollowUp", "WebhookReceiver",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "persona-emulator",
            dependencies: [
                "PersonaEmulator", "PersonaWire", "CommandLineValues",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "persona-bench",
            dependencies: [
                "ImportCore", "InputReaders", "RecordMapping", "ImportPipeline", "Locking",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Fuzzing (scripts/fuzz.sh)
        .target(
            name: "FuzzTargets",
            dependencies: [
                "ImportCore", "InputReaders", "RecordMapping", "JSON", "JSONSchema", "PersonaEmulator", "PersonaClient", "PersonaWire",
                "Locking",
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "persona-fuzz", dependencies: ["FuzzTargets"], swiftSettings: strict),

        // MARK: Tests
        .testTarget(name: "ImportCoreTests", dependencies: ["ImportCore"]),
        .testTarget(
            name: "ImportProtocolTests",
            dependencies: ["ImportProtocol", "ImportCore", "ImportLedger", "PersonaClient", "PersonaWire",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "WebhookReceiverTests",
            dependencies: ["WebhookReceiver", "ImportLedger", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ImportPipelineTests",
            dependencies: [
                "ImportPipeline", "ImportProtocol", "ImportReporting", "ImportCore", "ImportLedger", "InputReaders",
                "PersonaClient", "PersonaEmulator", "PersonaWire", "RecordMapping", "CommandLineValues",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ImportReportingTests", dependencies: ["ImportReporting", "ImportLedger", "Locking"]),
        .testTarget(
            name: "ImportCommandsTests",
            dependencies: [
                "ImportCommands", "ImportProtocol", "ImportReporting", "ImportLedger", "PersonaClient", "CommandLineValues", "InputReaders",
            ]
        ),
        .testTarget(
            name: "PersonaClientTests",
            dependencies: ["PersonaClient", "PersonaEmulator", "PersonaWire", "ImportCore", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ImportLedgerTests",
            dependencies: ["ImportLedger", "PostgresLedger", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "InputReadersTests",
            dependencies: ["InputReaders", "ImportCore", "CZlib", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSON", "JSONSchema"]),
        .testTarget(name: "RecordMappingTests", dependencies: ["RecordMapping", "InputReaders", "ImportCore", "JSON", "JSONSchema"]),
        .testTarget(
            name: "PersonaEmulatorTests",
            dependencies: [
                "PersonaEmulator", "PersonaWire", "CommandLineValues", "JSON", "JSONSchema",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // PostgresLedger: a test ends the importer's lock session from a connection of its own.
        .testTarget(
            name: "PersonaImportCLITests",
            dependencies: [
                "ImportCommands", "ImportPipeline", "ImportReporting", "ImportLedger", "PostgresLedger", "Locking", "CommandLineValues",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], exclude: ["Corpus", "Dictionaries"]),
    ],
    swiftLanguageModes: [.v6]
)
