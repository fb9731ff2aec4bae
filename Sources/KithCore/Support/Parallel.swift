import Foundation

/// How kith spreads a long list over threads: the one answer for reading the people, working
/// out who is due and writing `kith due --json`.
enum Parallel {
    /// Threads at once: one a processor, at most four.
    static let threads = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    /// From how many people a list is worked on by several threads; below it, starting them
    /// costs more than they save (the daemon of a few thousand people never starts one).
    static let fromPeople = 8192
}
