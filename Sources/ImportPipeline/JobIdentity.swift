import Crypto
import Foundation
import ImportCore
import ImportLedger
import ImportProtocol
import ImportReporting
import InputReaders

/// Works out which job a run belongs to: SHA-256 over the input's bytes and everything that
/// decides what is sent (mapping file, schema file, template, reader options). The same command
/// on the same file resumes the same job; a changed file or mapping is another job.
enum JobIdentity {
    /// Hashes the input (streaming, 1 MiB at a time) and the configuration files.
    static func describe(
        inputPath: String, inputName: String? = nil, reader: ReaderOptions, mappingFile: String?, schemaFile: String?, template: String
    ) throws(RunFailure) -> JobDescription {
        let (inputDigest, bytes) = try digest(ofInput: inputPath, reader: reader)
        var job = SHA256()
        func add(_ label: String, _ value: String) {
            job.update(data: Array("\(label)=\(value)\n".utf8))
        }
        add("persona-import job", "1")
        add("input", inputDigest)
        var mappingDigest = "headers", schemaDigest = "built-in"
        if let mappingFile { mappingDigest = try digest(ofFile: mappingFile, role: "mapping").hex }
        if let schemaFile { schemaDigest = try digest(ofFile: schemaFile, role: "schema").hex }
        add("mapping", mappingDigest)
        add("schema", schemaDigest)
        add("template", template)
        add("format", reader.format?.rawValue ?? "by-extension")
        add("delimiter", reader.delimiter.description)
        add("record-element", reader.recordElement ?? "")
        add("max-field-bytes", String(reader.maxFieldBytes))
        return JobDescription(
            fingerprint: job.finalize().hexString, inputPath: inputName ?? inputPath, inputSHA256: inputDigest, inputBytes: bytes,
            template: template)
    }

    /// SHA-256 of the input's text as the readers see it (inflated, in UTF-8): a recompressed
    /// or re-encoded export with the same text is the same job. A plain UTF-8 file's digest is
    /// that of its bytes, as before.
    private static func digest(ofInput path: String, reader: ReaderOptions) throws(RunFailure) -> (hex: String, bytes: Int64) {
        var hasher = SHA256()
        do {
            let total = try readInputText(path: path, options: reader) { hasher.update(bufferPointer: $0) }
            return (hasher.finalize().hexString, total)
        } catch {
            throw RunFailure(.input, error.description)
        }
    }

    /// The input is the export; the other files are configuration.
    private static func kind(_ role: String) -> RunFailure.Kind { role == "input" ? .input : .configuration }

    private static func digest(ofFile path: String, role: String) throws(RunFailure) -> (hex: String, bytes: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RunFailure(kind(role), "\(path): cannot read the \(role) file; check the path and its permissions")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                total += Int64(chunk.count)
            }
        } catch {
            throw RunFailure(kind(role), "\(path): reading the \(role) file failed (\(error.localizedDescription))")
        }
        return (hasher.finalize().hexString, total)
    }
}
