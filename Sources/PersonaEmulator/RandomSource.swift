/// SplitMix64: a tiny, fast generator that can be seeded, so `--seed N` reproduces faults.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p` (always draws, so the sequence does not depend on `p`).
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// `count` random base58 characters, the alphabet of Persona's ids.
    mutating func base58(count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count {
                buffer[index] = Base58.alphabet[Int(next() % 58)]
            }
            return count
        }
    }
}

enum Base58 {
    static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    /// Each byte's digit value, nil for bytes outside the alphabet.
    static let value: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (digit, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(digit) }
        return table
    }()
}
