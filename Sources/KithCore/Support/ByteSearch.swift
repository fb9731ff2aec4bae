/// Looking for bytes eight at a time: a word of eight bytes is tested in a few instructions, and
/// the first byte it flags is the one a byte-by-byte loop would have stopped at. kith scans long
/// text for a few kinds of byte this way: the people list, strings, sentences, JSON escapes.
///
/// Each search is written twice, as flags for a word and as a test of one byte; `QuickPathTests`
/// holds the two to the same answer.
enum ByteSearch {
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Flags (sets the high bit of) each byte of `word` equal to `byte`. Like every flag here it
    /// is exact up to the first flagged byte: a false one can only follow a real one, through the
    /// borrow of the subtraction.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & (ones &* 0x80)
    }

    /// Flags each byte of `word` below `limit` (at most 0x80).
    @inline(__always)
    static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- (ones &* UInt64(limit))) & ~word & (ones &* 0x80)
    }

    /// Flags each byte of `word` that is not ASCII.
    @inline(__always)
    static func nonASCII(_ word: UInt64) -> UInt64 {
        word & (ones &* 0x80)
    }

    /// Where the first flagged byte is, if any (words are loaded little-endian: the first byte is
    /// the lowest).
    @inline(__always)
    static func first(_ flags: UInt64) -> Int? {
        flags == 0 ? nil : flags.trailingZeroBitCount >> 3
    }

    /// The index of the first byte from `start` on that `matches` (found eight at a time by
    /// `flags`, the same test on a word), or `bytes.count` when there is none.
    @inline(__always)
    static func next(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, flags: (UInt64) -> UInt64, matches: (UInt8) -> Bool
    ) -> Int {
        var index = start
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            if let at = first(flags(word)) { return index + at }
            index += 8
        }
        while index < bytes.count, !matches(bytes[index]) { index += 1 }
        return index
    }
}
