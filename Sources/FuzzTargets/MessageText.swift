/// An HTTP message spelled out as text in a fuzz input:
///
///     START LINE
///     Name: value            (headers, up to an empty line)
///
///     body
struct MessageText {
    var startLine: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(_ input: [UInt8]) {
        var lines: [String] = []
        var position = 0
        while position < input.count {
            let end = input[position...].firstIndex(of: UInt8(ascii: "\n")) ?? input.count
            let line = String(decoding: input[position..<end], as: UTF8.self)
            position = end + 1
            if line.isEmpty { break }
            lines.append(line)
        }
        body = position < input.count ? Array(input[position...]) : []
        startLine = lines.first ?? ""
        headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
    }

    /// The first header named `name`, compared case-insensitively as HTTP does.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
