/// The Idempotency-Key of a row: the same for every run of the job; a new generation only when
/// a look-up showed that nothing was created under the previous one.
public enum IdempotencyKey {
    /// `persona-import-<first 32 hex of the job's fingerprint>-<record>[-g<generation>]`.
    public static func of(job fingerprint: String, record: Int, generation: Int = 0) -> String {
        let key = "persona-import-\(fingerprint.prefix(32))-\(record)"
        return generation == 0 ? key : key + "-g\(generation)"
    }
}
