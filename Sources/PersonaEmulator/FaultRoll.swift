import HTTPTypes

/// The fault dice of one create, all drawn up front whatever the probabilities, so the
/// sequence depends only on the number of creates and `--seed N` reproduces a run.
struct FaultRoll: Sendable {
    /// `--drop-before`.
    var dropBefore: Bool
    /// `--fault-5xx`: the status to answer, or nil.
    var serverError: HTTPResponse.Status?
    /// `--drop-after-commit`.
    var dropAfterCommit: Bool
    /// `--fault-5xx-after-commit`.
    var serverErrorAfterCommit: Bool
    /// `--fault-5xx-stored`.
    var serverErrorStored: Bool
    /// Whether a `--fault-5xx-stored` fault strikes after the inquiry is created (else before).
    var storedAfterCommit: Bool

    /// Draws the dice: the first five from `dice` in the order they have always been drawn,
    /// the `--fault-5xx-stored` pair from `storedDice`.
    init(_ faults: FaultConfiguration, dice: inout SplitMix64, storedDice: inout SplitMix64) {
        dropBefore = dice.chance(faults.dropBefore)
        let serverError = dice.chance(faults.serverError)
        let errorPick = dice.next() % 3
        self.serverError = serverError
            ? (errorPick == 0 ? .internalServerError : errorPick == 1 ? .badGateway : .serviceUnavailable) : nil
        dropAfterCommit = dice.chance(faults.dropAfterCommit)
        serverErrorAfterCommit = dice.chance(faults.serverErrorAfterCommit)
        serverErrorStored = storedDice.chance(faults.serverErrorStored)
        storedAfterCommit = storedDice.next() & 1 == 1
    }
}
