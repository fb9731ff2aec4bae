import Foundation
import KithCore
import KithMail

/// One fuzz input: the first byte picks the target, the rest is its input.
///
/// - Even: the config decoder. It must return a config or a `ConfigError` whose report is
///   bounded, whatever the bytes: never crash, hang or grow without bound.
/// - Odd: the MIME builder. The rest is split at 0xFF bytes into a display name, a second
///   display name, a subject and a body; the message must be 7-bit, CRLF only, with no line over
///   998 octets.
enum FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let input = Array(bytes.dropFirst())
        if selector & 1 == 0 {
            decodeConfig(input)
        } else {
            buildMessage(input)
        }
    }

    private static func decodeConfig(_ input: [UInt8]) {
        do {
            _ = try ConfigLoader.parse(bytes: input, file: "fuzz.json", systemTimeZone: TimeZone(identifier: "UTC")!)
        } catch {
            let lines = error.description.split(separator: "\n")
            precondition(lines.count <= ConfigError.shownLimit + 1, "an unbounded error report")
            precondition(lines.allSatisfy { $0.utf8.count < 4096 }, "an unbounded error line")
        }
    }

    private static func buildMessage(_ input: [UInt8]) {
        var parts = input.split(separator: 0xFF, maxSplits: 3, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        while parts.count < 4 { parts.append("") }
        let message = MailMessage(
            from: Mailbox(displayName: parts[0], address: "kith@example.org"),
            to: [
                Mailbox(displayName: parts[1], address: "sam@example.org"),
                Mailbox(displayName: parts[0], address: "ada@example.org"),
            ],
            subject: parts[2], text: parts[3], html: parts[3], date: Date(timeIntervalSince1970: 1_795_415_400),
            timeZone: TimeZone(identifier: "UTC")!)
        let bytes = message.bytes
        precondition(bytes.allSatisfy { $0 < 0x80 }, "an 8-bit byte in the message")
        var lineLength = 0
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A {
                precondition(previous == 0x0D, "a bare LF")
                lineLength = 0
            } else {
                precondition(previous != 0x0D, "a bare CR")
                if byte != 0x0D { lineLength += 1 }
                precondition(lineLength <= 998, "a line over 998 octets")
            }
            previous = byte
        }
    }
}

#if KITH_FUZZ
    /// libFuzzer's driver, from the runtime `-sanitize=fuzzer` links in.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// What libFuzzer calls with each input.
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let data else { return 0 }
        FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    /// The program's entry point under libFuzzer (scripts/fuzz builds with -sanitize=fuzzer and
    /// -D KITH_FUZZ). SwiftPM points `main` at this name for an executable target.
    @_cdecl("kith_fuzz_main")
    func fuzzMain(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, fuzzOne)
    }
#else
    /// Without libFuzzer: replays the inputs named on the command line (a corpus, a crash).
    @main struct Replay {
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                FuzzTarget.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
    }
#endif
