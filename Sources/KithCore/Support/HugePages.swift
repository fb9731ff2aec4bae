#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Big buffers written whole at once (the bytes of a large config, its array of people) are
/// offered to the kernel for 2 MB pages: one page fault for 2 MB instead of 512, where a fault is
/// a good part of the cost of reading 100,000 people. Only where transparent huge pages are
/// enabled for those who ask (`madvise`, Debian's default) or for all; elsewhere nothing changes.
package enum HugePages {
    /// Below this a buffer holds no whole 2 MB page worth asking for.
    static let from = 4 << 20

    /// `madvise(MADV_HUGEPAGE)` on the whole 2 MB pages inside `count` bytes from `start`.
    package static func advise(_ start: UnsafeMutableRawPointer, count: Int) {
        guard count >= from else { return }
        let huge = 2 << 20
        let first = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: start) + count) & ~(huge - 1)
        guard end > first else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, MADV_HUGEPAGE)
    }

    /// `advise` for the storage of `count` elements of `T` from `start`.
    package static func advise<T>(_ start: UnsafeMutablePointer<T>, count: Int) {
        advise(UnsafeMutableRawPointer(start), count: count * MemoryLayout<T>.stride)
    }
}
