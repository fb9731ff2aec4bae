import CCurl
import Foundation
import KithCore
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Runs IMAP commands with libcurl on one connection, reading only: every command is a custom
/// request on the server's root URL, so libcurl never SELECTs a mailbox itself (kith EXAMINEs
/// it, which changes nothing) and never fetches a body without PEEK.
public final class IMAPClient: Sendable {
    private let session = CurlSession()
    private let logger: Logger

    /// libcurl's receive buffer: a SEARCH answer for `FolderScan.searchWindow` UIDs fits.
    static let bufferSize = 256 * 1024

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Sends `command` and returns every byte the server answered with (untagged responses and
    /// their literals). With `sameConnection`, fails unless the connection of the previous
    /// command was reused: a command that relies on an EXAMINE before it must not run elsewhere.
    public func run(_ command: String, on endpoint: IMAPEndpoint, sameConnection: Bool = false) throws(MailboxError)
        -> Answer
    {
        let outcome = session.withHandle { curl in
            perform(curl, command: command, endpoint: endpoint, sameConnection: sameConnection)
        }
        guard let outcome else {
            throw MailboxError(
                kind: .transient, message: "libcurl could not be loaded (\(session.loadError ?? "unknown"))")
        }
        return try outcome.get()
    }

    private func perform(_ curl: UnsafeMutableRawPointer, command: String, endpoint: IMAPEndpoint, sameConnection: Bool)
        -> Result<Answer, MailboxError>
    {
        let header = ByteSink()
        let body = ByteSink()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = withExtendedLifetime((header, body)) {
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                var setup = CurlSession.configure(
                    curl, url: endpoint.url + "/", protocols: "imap,imaps", timeout: endpoint.timeoutSeconds,
                    security: endpoint.security, caFile: endpoint.caFile, username: endpoint.username,
                    password: endpoint.password, errorBuffer: errorPointer.baseAddress)
                func set(_ result: CURLcode) { if setup == CURLE_OK { setup = result } }
                set(kith_curl_setopt_string(curl, CURLOPT_CUSTOMREQUEST, command))
                // libcurl keeps only what fits its receive buffer of an IMAP response line (a
                // SEARCH answer is one line): make room for one window of UIDs (FolderScan).
                set(kith_curl_setopt_long(curl, CURLOPT_BUFFERSIZE, IMAPClient.bufferSize))
                // libcurl hands a custom command's whole answer, literals included, to the header
                // callback, and parts of it to the write callback: keep both streams apart.
                set(kith_curl_setopt_header_function(curl, collect))
                set(kith_curl_setopt_pointer(curl, CURLOPT_HEADERDATA, Unmanaged.passUnretained(header).toOpaque()))
                set(kith_curl_setopt_write_function(curl, collect))
                set(kith_curl_setopt_pointer(curl, CURLOPT_WRITEDATA, Unmanaged.passUnretained(body).toOpaque()))
                guard setup == CURLE_OK else { return setup }
                return kith_curl_easy_perform(curl)
            }
        }
        var connects = 0
        _ = kith_curl_getinfo_long(curl, CURLINFO_NUM_CONNECTS, &connects)
        let verb = command.prefix { $0 != " " }
        guard code == CURLE_OK else {
            let error = MailboxError.classify(
                curlCode: Int(code.rawValue), reply: taggedFailure(header.bytes),
                detail: CurlSession.errorText(code, errorBuffer))
            logger.debug("IMAP command failed", metadata: ["imap.command": "\(verb)", "imap.error": "\(error)"])
            return .failure(error)
        }
        if sameConnection, connects > 0 {
            return .failure(
                MailboxError(
                    kind: .transient, message: "the connection to the IMAP server was lost during the scan"))
        }
        logger.trace(
            "IMAP command done",
            metadata: [
                "imap.command": "\(command.prefix(120))", "imap.bytes": "\(header.bytes.count)",
                "imap.data_bytes": "\(body.bytes.count)",
            ])
        return .success(Answer(header: header.bytes, body: body.bytes))
    }

    /// What the server answered to one command, as libcurl delivered it.
    public struct Answer: Sendable {
        /// Every response line with its literals: where FETCH, LIST and response codes are.
        public let header: [UInt8]
        /// What libcurl passed as data: where a SEARCH answer is (and the first line of others).
        public let body: [UInt8]
    }
}

/// Bytes libcurl hands to a callback, collected. Only used on the thread running the
/// transfer, while the session's mutex is held.
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// The command's tagged completion in `header` when it was not OK (`A004 NO Mailbox doesn't exist`).
private func taggedFailure(_ header: [UInt8]) -> String? {
    String(decoding: header, as: UTF8.self).split(whereSeparator: \.isNewline).last { line in
        let words = line.split(separator: " ", maxSplits: 2)
        return words.count >= 2 && words[0].first != "*" && ["NO", "BAD"].contains(words[1].uppercased())
    }.map { String($0).trimmingCharacters(in: .whitespaces) }
}

private let collect: kith_curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let sink = Unmanaged<ByteSink>.fromOpaque(context).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count).bindMemory(to: UInt8.self))
    return size * count
}
