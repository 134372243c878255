/// What to tell the user when text is not valid UTF-8: most such exports are Excel's "CSV" on
/// Windows, in the machine's ANSI code page (Windows-1252 across Europe and the Americas).
enum EncodingHint {
    /// Bytes Windows-1252 leaves undefined.
    private static let undefinedInWindows1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    /// The advice for `bytes`, which are not valid UTF-8. Never quotes them (they are a
    /// person's data).
    static func forInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> String {
        let high = bytes.filter { $0 >= 0x80 }
        if !high.isEmpty, !high.contains(where: undefinedInWindows1252.contains) {
            return "the bytes read as Windows-1252 (Excel's \"CSV\" on Windows): pass --encoding windows-1252, or save the file as UTF-8"
        }
        return "save the file as UTF-8, or pass --encoding with the encoding it was saved in"
    }
}
