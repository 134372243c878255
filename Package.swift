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
        // MARK: Stage boundaries
        .target(name: "ImportCore", swiftSettings: strict),

        // MARK: Read
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "InputReaders", dependencies: ["ImportCore", "CLibXML2"], swiftSettings: strict),

        // MARK: Map and validate
        .target(name: "JSONSchema", swiftSettings: strict),
        .target(
            name: "RecordMapping",
            dependencies: ["ImportCore", "JSONSchema", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),

        // MARK: Persona wire and emulator
        .target(name: "PersonaWire", swiftSettings: strict),
        .target(
            name: "PersonaEmulator",
            dependencies: [
                // JSONSchema for its calendar check only: one home for which days exist.
                "PersonaWire", "JSONSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
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
                "ImportCore", "PersonaWire",
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
            dependencies: ["ImportCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "PostgresLedger",
            dependencies: [
                "ImportLedger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Pipeline and executables
        .target(
            name: "ImportPipeline",
            dependencies: [
                "ImportCore", "InputReaders", "RecordMapping", "PersonaClient", "ImportLedger",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "persona-import",
            dependencies: [
                "ImportPipeline", "ImportLedger", "PostgresLedger",
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
                "PersonaEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "persona-bench",
            dependencies: [
                "InputReaders", "RecordMapping", "ImportPipeline",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Fuzzing (scripts/fuzz.sh)
        .target(
            name: "FuzzTargets",
            dependencies: [
                "ImportCore", "InputReaders", "RecordMapping", "JSONSchema", "PersonaEmulator", "PersonaClient", "PersonaWire",
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "persona-fuzz", dependencies: ["FuzzTargets"], swiftSettings: strict),

        // MARK: Tests
        .testTarget(name: "ImportCoreTests", dependencies: ["ImportCore"]),
        .testTarget(name: "ImportPipelineTests", dependencies: ["ImportPipeline", "PersonaEmulator", "RecordMapping"]),
        .testTarget(name: "PersonaClientTests", dependencies: ["PersonaClient", "PersonaEmulator", "PersonaWire"]),
        .testTarget(
            name: "ImportLedgerTests",
            dependencies: ["ImportLedger", "PostgresLedger", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "InputReadersTests", dependencies: ["InputReaders"]),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"]),
        .testTarget(name: "RecordMappingTests", dependencies: ["RecordMapping", "InputReaders"]),
        .testTarget(
            name: "PersonaEmulatorTests",
            dependencies: [
                "PersonaEmulator", "PersonaWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // PostgresLedger: a test ends the importer's lock session from a connection of its own.
        .testTarget(name: "PersonaImportCLITests", dependencies: ["ImportPipeline", "PostgresLedger"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], exclude: ["Corpus", "Dictionaries"]),
    ],
    swiftLanguageModes: [.v6]
)
