import ImportCore
import InputReaders
import Testing

@Suite("Opening inputs")
struct ReaderFactoryTests {
    @Test("the format comes from the extension, case-insensitively")
    func formatFromExtension() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let csv = readAll(try dir.write("A.CSV", "a,b\n1,2\n"))
        #expect(csv.records.first?.values == ["1", "2"])
        let xml = readAll(try dir.write("a.xml", "<r><c><a>1</a></c></r>"))
        #expect(xml.records.first?.values == ["1"])
    }

    @Test("the format option wins over the extension")
    func formatOption() throws {
        let outcome = try read("<r><c><a>1</a></c></r>", name: "data.dat", ReaderOptions(format: .xml))
        #expect(outcome.records.first?.values == ["1"])
    }

    @Test("an unknown extension without a format says to pass --format")
    func unknownExtension() throws {
        let outcome = try read("a,b\n", name: "data.dat")
        let error = try #require(outcome.error)
        #expect(error.description.hasSuffix("data.dat: cannot tell the format from the file name (expected .csv, .tsv or .xml): pass --format csv or --format xml"))
    }

    @Test("standard input is named <stdin> and needs a format")
    func stdinNeedsFormat() {
        #expect(throws: InputError.unknownFormat("<stdin>")) {
            _ = try makeRecordReader(path: "-", options: ReaderOptions())
        }
    }

    @Test("a missing file is a clear error naming it")
    func missingFile() throws {
        let outcome = readAll("/nonexistent/dir/customers.csv")
        let error = try #require(outcome.error)
        #expect(error.description == "/nonexistent/dir/customers.csv: cannot open: no such file (check the path)")
    }

    @Test("a directory is refused")
    func directory() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let outcome = readAll(dir.url.path, ReaderOptions(format: .csv))
        #expect(outcome.error?.message == "cannot open: it is a directory, not a file")
    }

    @Test("errors read like compiler diagnostics")
    func errorDescriptions() {
        #expect(InputError.unterminatedQuote("customers.csv", line: 12).description.hasPrefix(
            "customers.csv:12: unterminated quoted field opened here: add the closing quote"))
        #expect(InputError.malformedXML("c.xml", line: 3, column: 7, "x").description == "c.xml:3:7: malformed XML: x")
    }
}

@Suite("Hand-off to other threads")
struct PumpTests {
    @Test("startReading pushes every event in batches and closes the queue")
    func batches() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        var text = "id,name\n"
        for n in 1...1200 { text += n == 600 ? "bad\n" : "\(n),x\n" }
        let path = try dir.write("c.csv", text)
        let queue = BoundedQueue<[ReadEvent]>(capacity: 2)
        let thread = try startReading(path: path, options: ReaderOptions(), into: queue, batchSize: 512)
        var sizes: [Int] = []
        var lines: [Int] = []
        while let batch = try queue.pop() {
            sizes.append(batch.count)
            lines += batch.map(\.line)
        }
        #expect(sizes == [512, 512, 176])
        #expect(lines == Array(2...1201))
        #expect(thread.isExecuting || thread.isFinished)
    }

    @Test("a file error closes the queue with it, after the events before it")
    func failure() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let path = try dir.write("c.csv", "a\n1\n2\n\"open\n")
        let queue = BoundedQueue<[ReadEvent]>(capacity: 4)
        try startReading(path: path, options: ReaderOptions(), into: queue)
        var count = 0
        do {
            while let batch = try queue.pop() { count += batch.count }
            Issue.record("expected the unterminated quote error")
        } catch let error as InputError {
            #expect(error.location.line == 4)
        }
        #expect(count == 2)
    }

    @Test("readBatches delivers full batches, then the rest, and stops when the consumer does")
    func readBatches() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        var text = "id\n"
        for n in 1...10 { text += "\(n)\n" }
        let path = try dir.write("c.csv", text)
        var sizes: [Int] = []
        #expect(try makeRecordReader(path: path, options: ReaderOptions()).readBatches(of: 4) { sizes.append($0.count); return true })
        #expect(sizes == [4, 4, 2])
        sizes = []
        let reader = try makeRecordReader(path: path, options: ReaderOptions())
        #expect(try !reader.readBatches(of: 4) { sizes.append($0.count); return false })
        #expect(sizes == [4])
        #expect(try reader.next()?.line == 6, "nothing past the refused batch was read")
    }

    @Test("readBatches delivers the events before a file error, then throws it")
    func readBatchesFailure() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let path = try dir.write("c.csv", "a\n1\n2\n\"open\n")
        var lines: [Int] = []
        do {
            _ = try makeRecordReader(path: path, options: ReaderOptions()).readBatches(of: 512) { lines += $0.map(\.line); return true }
            Issue.record("expected the unterminated quote error")
        } catch {
            #expect(error.location.line == 4)
        }
        #expect(lines == [2, 3])
    }

    @Test("opening errors throw on the calling thread")
    func openFailure() {
        let queue = BoundedQueue<[ReadEvent]>(capacity: 1)
        #expect(throws: InputError.self) {
            try startReading(path: "/nonexistent.csv", options: ReaderOptions(), into: queue)
        }
    }
}
