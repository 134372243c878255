/// Exponential backoff with full jitter: attempt `n` waits a random time in
/// `0...min(cap, base·2ⁿ)` (the AWS architecture blog's "full jitter"), so that workers that
/// failed together do not retry together.
public struct Backoff: Sendable {
    public var base: Double
    public var cap: Double

    public init(base: Double = 0.5, cap: Double = 30) {
        self.base = base
        self.cap = cap
    }

    /// The wait before retry number `attempt` (1 for the first retry), drawn with `random`.
    public func delay(attempt: Int, random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Double {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(cap, base * Double(1 << exponent))
        return random(0...ceiling)
    }
}
