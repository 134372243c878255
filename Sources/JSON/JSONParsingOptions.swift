/// What a caller may change about ``JSONValue/init(parsing:options:)``; the grammar itself
/// (RFC 8259, UTF-8 only, duplicate member names refused) is not negotiable.
public struct JSONParsingOptions: Sendable {
    /// How deeply arrays and objects may nest before the text is refused (512 by default).
    public var maximumDepth: Int

    /// Rewrites every object member name as it is read, before the duplicate check: two
    /// names that rewrite alike are duplicates. Nil keeps the names as written.
    public var memberNames: (@Sendable (String) -> String)?

    /// Options with the given limits; the defaults are those of ``JSONValue/init(parsing:)-(Collection<UInt8>)``.
    public init(maximumDepth: Int = 512, memberNames: (@Sendable (String) -> String)? = nil) {
        self.maximumDepth = maximumDepth
        self.memberNames = memberNames
    }
}
