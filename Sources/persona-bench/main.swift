// persona-bench: throughput and peak memory of the importer's stages, for scripts/bench.sh.
//
//   persona-bench read FILE [csv|xml [ENCODING]]       read stage alone (ENCODING: --encoding)
//   persona-bench validate FILE MAPPING [WORKERS]      read → map → validate (default schema)
//
// Each prints one line of `key=value` figures, peak RSS included, so that a script can run
// each case in its own process (peak RSS is per process) and compare ratios within one run.
import Foundation
import ImportPipeline
import InputReaders
import Logging
import RecordMapping

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}

/// The file's size in MB (10^6 bytes), following symbolic links.
func fileMegabytes(_ path: String) -> Double {
    var status = stat()
    guard stat(path, &status) == 0 else { return 0 }
    return Double(status.st_size) / 1_000_000
}

func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("persona-bench: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments.dropFirst()
guard let mode = arguments.first, arguments.count >= 2 else {
    fail("usage: persona-bench read FILE [csv|xml] | persona-bench validate FILE MAPPING [WORKERS]")
}
let path = arguments[arguments.startIndex + 1]
let megabytes = fileMegabytes(path)

switch mode {
case "read":
    var options = ReaderOptions()
    if arguments.count >= 3 { options.format = InputFormat(rawValue: arguments[arguments.startIndex + 2]) }
    if arguments.count >= 4 { options.encoding = arguments[arguments.startIndex + 3] }
    do {
        let result = try runReadBenchmark(path: path, options: options)
        let rows = Double(result.records + result.rowErrors)
        print(
            "read file=\(path) encoding=\(options.encoding ?? "detected") rows=\(Int(rows)) row_errors=\(result.rowErrors)",
            "seconds=\(fixed(result.seconds, 3)) rows_per_s=\(fixed(rows / result.seconds, 0))",
            "mb_per_s=\(fixed(megabytes / result.seconds, 1)) peak_rss_mb=\(fixed(peakResidentMegabytes(), 1))"
        )
    } catch {
        fail("\(error)")
    }
case "validate":
    guard arguments.count >= 3 else { fail("validate needs FILE MAPPING") }
    let mappingPath = arguments[arguments.startIndex + 2]
    let workers = arguments.count >= 4 ? Int(arguments[arguments.startIndex + 3]) ?? 2 : 2
    do {
        let mapping = try MappingConfiguration.load(mappingFile: mappingPath, schemaFile: nil, templateOverride: nil)
        let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("persona-bench-\(getpid()).rejects.csv").path
        defer { try? FileManager.default.removeItem(atPath: rejects) }
        let options = ValidationOptions(inputPath: path, rejectsPath: rejects, mapWorkers: workers)
        var logger = Logger(label: "persona-bench")
        logger.logLevel = .warning
        let summary = runValidation(options: options, mapping: mapping, logger: logger)
        if let error = summary.stoppedBy { fail("\(error)") }
        print(
            "validate file=\(path) workers=\(workers) rows=\(summary.recordsRead) valid=\(summary.valid)",
            "rejected=\(summary.rejected) seconds=\(fixed(summary.seconds, 3))",
            "rows_per_s=\(fixed(Double(summary.recordsRead) / summary.seconds, 0))",
            "mb_per_s=\(fixed(megabytes / summary.seconds, 1)) peak_rss_mb=\(fixed(peakResidentMegabytes(), 1))"
        )
    } catch {
        fail("\(error)")
    }
default:
    fail("unknown mode \(mode): use read or validate")
}
