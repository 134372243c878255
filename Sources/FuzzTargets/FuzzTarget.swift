/// The fuzz targets: each one feeds arbitrary bytes to one parser of the product and checks
/// what must hold whatever the bytes are, beyond not crashing.
///
/// `persona-fuzz` runs one under libFuzzer (`scripts/fuzz.sh TARGET [SECONDS]`); the test
/// suite replays the committed seeds and every crash found so far through the same bodies
/// (`Tests/FuzzCorpus/<target>/`).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The CSV reader on a file holding the bytes.
    case csvReader = "csv-reader"
    /// The XML reader (libxml2) on a file holding the bytes.
    case xmlReader = "xml-reader"
    /// Mapping and validation of one record whose values are the input's lines.
    case mapValidate = "map-validate"
    /// The JSON Schema compiler on the bytes as a schema document.
    case schemaCompiler = "schema-compiler"
    /// The emulator's request handling: method, target, headers and body from the bytes.
    case emulatorRequest = "emulator-request"
    /// The client's reading of Persona's answers: status, limit headers, error and inquiry bodies.
    case clientResponse = "client-response"

    /// Runs one input; throws when a property that must hold for every input does not.
    public func run(_ input: [UInt8]) throws(FuzzViolation) {
        switch self {
        case .csvReader: try ReaderFuzzing.csv(input)
        case .xmlReader: try ReaderFuzzing.xml(input)
        case .mapValidate: try MapValidateFuzzing.shared.run(input)
        case .schemaCompiler: try SchemaFuzzing.run(input)
        case .emulatorRequest: try EmulatorRequestFuzzing.shared.run(input)
        case .clientResponse: try ClientResponseFuzzing.run(input)
        }
    }
}

/// A property that must hold for every input did not.
public struct FuzzViolation: Error, CustomStringConvertible, Sendable {
    /// What did not hold.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Throws a ``FuzzViolation`` saying `message` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzViolation) {
    if !condition { throw FuzzViolation(message()) }
}
