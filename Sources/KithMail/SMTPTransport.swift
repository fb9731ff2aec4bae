import CCurl
import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Sends messages over SMTP with libcurl. One transport keeps one libcurl handle, so a second
/// message can reuse the connection; a reused connection the server has dropped is retried once
/// on a fresh one.
public final class SMTPTransport: Sendable {
    /// The libcurl easy handle. Invariant that makes the `Sendable` conformance sound: the
    /// handle is only touched while `handle`'s mutex is held, so one thread at a time uses it.
    private struct Handle: ~Copyable, @unchecked Sendable {
        let curl: UnsafeMutableRawPointer
    }

    private let handle: Mutex<Handle?>
    private let logger: Logger

    /// Why libcurl could not be loaded, if it could not.
    private let loadError: String?

    /// Loads libcurl (once per process, on first use) and makes a handle. SIGPIPE is ignored so a
    /// dropped connection is an error code rather than the end of the process (CURLOPT_NOSIGNAL
    /// is set too).
    public init(logger: Logger) {
        signal(SIGPIPE, SIG_IGN)
        self.logger = logger
        var error = [CChar](repeating: 0, count: 256)
        if kith_curl_load(&error, error.count) == 0, let curl = kith_curl_easy_init() {
            handle = Mutex(Handle(curl: curl))
            loadError = nil
        } else {
            handle = Mutex(nil)
            loadError = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    deinit {
        handle.withLock { handle in
            if let curl = handle?.curl { kith_curl_easy_cleanup(curl) }
        }
    }

    /// Sends `message` to every recipient of `endpoint`. Returns when the server accepted it.
    public func send(_ message: MailMessage, via endpoint: SMTPEndpoint) throws(DeliveryError) {
        try send(bytes: message.bytes, via: endpoint)
    }

    /// Sends a message already rendered to bytes (a retry sends exactly what was recorded).
    public func send(bytes: [UInt8], via endpoint: SMTPEndpoint) throws(DeliveryError) {
        let outcome: Result<Void, DeliveryError> = handle.withLock { handle in
            guard let curl = handle?.curl else {
                return .failure(
                    DeliveryError(
                        kind: .transient,
                        message: "libcurl could not be loaded (\(loadError ?? "unknown")); install libcurl4"))
            }
            var result = perform(curl, bytes: bytes, endpoint: endpoint, fresh: false)
            if case .failure(let error) = result.outcome, result.reused, error.kind == .transient, error.smtpCode == nil
            {
                logger.info(
                    "The reused SMTP connection failed; retrying once on a new one",
                    metadata: ["smtp.error": "\(error.message)"])
                result = perform(curl, bytes: bytes, endpoint: endpoint, fresh: true)
            }
            return result.outcome
        }
        try outcome.get()
    }

    private struct Attempt {
        var outcome: Result<Void, DeliveryError>
        var reused: Bool
    }

    private func perform(_ curl: UnsafeMutableRawPointer, bytes: [UInt8], endpoint: SMTPEndpoint, fresh: Bool)
        -> Attempt
    {
        kith_curl_easy_reset(curl)
        let upload = Upload(bytes: bytes)
        let transcript = Transcript(logger: logger)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { kith_curl_slist_free_all(recipients) }
        for mailbox in endpoint.recipients {
            recipients = kith_curl_slist_append(recipients, "<\(mailbox.address)>")
        }
        let uploadContext = Unmanaged.passUnretained(upload).toOpaque()
        let transcriptContext = Unmanaged.passUnretained(transcript).toOpaque()
        let code: CURLcode = withExtendedLifetime((upload, transcript)) {
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                var setup = CURLE_OK
                func set(_ result: CURLcode) { if setup == CURLE_OK { setup = result } }
                set(kith_curl_setopt_string(curl, CURLOPT_URL, endpoint.url))
                set(kith_curl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
                set(kith_curl_setopt_long(curl, CURLOPT_NOSIGNAL, 1))
                set(kith_curl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT, endpoint.timeoutSeconds))
                set(kith_curl_setopt_long(curl, CURLOPT_TIMEOUT, endpoint.timeoutSeconds))
                set(kith_curl_setopt_long(curl, CURLOPT_FRESH_CONNECT, fresh ? 1 : 0))
                set(kith_curl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorPointer.baseAddress))
                switch endpoint.security {
                case .startTLS, .implicitTLS:
                    set(kith_curl_setopt_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
                case .none:
                    set(kith_curl_setopt_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue)))
                }
                if let caFile = endpoint.caFile { set(kith_curl_setopt_string(curl, CURLOPT_CAINFO, caFile)) }
                if let username = endpoint.username { set(kith_curl_setopt_string(curl, CURLOPT_USERNAME, username)) }
                if let password = endpoint.password { set(kith_curl_setopt_string(curl, CURLOPT_PASSWORD, password)) }
                set(kith_curl_setopt_string(curl, CURLOPT_MAIL_FROM, "<\(endpoint.from.address)>"))
                set(kith_curl_setopt_slist(curl, CURLOPT_MAIL_RCPT, recipients))
                set(kith_curl_setopt_long(curl, CURLOPT_UPLOAD, 1))
                set(kith_curl_setopt_read_function(curl, readCallback))
                set(kith_curl_setopt_pointer(curl, CURLOPT_READDATA, uploadContext))
                // VERBOSE only feeds the debug callback, which keeps server replies and the
                // names of our commands, never their arguments after AUTH.
                set(kith_curl_setopt_long(curl, CURLOPT_VERBOSE, 1))
                set(kith_curl_setopt_debug_function(curl, debugCallback))
                set(kith_curl_setopt_pointer(curl, CURLOPT_DEBUGDATA, transcriptContext))
                guard setup == CURLE_OK else { return setup }
                return kith_curl_easy_perform(curl)
            }
        }
        var connects = 0
        _ = kith_curl_getinfo_long(curl, CURLINFO_NUM_CONNECTS, &connects)
        let reused = connects == 0
        guard code != CURLE_OK else {
            logger.debug(
                "The SMTP server accepted the message", metadata: ["smtp.reply": "\(transcript.lastReply ?? "")"])
            return Attempt(outcome: .success(()), reused: reused)
        }
        var responseCode = 0
        _ = kith_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &responseCode)
        let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let error = DeliveryError.classify(
            curlCode: Int(code.rawValue), smtpCode: responseCode, reply: transcript.lastFailure ?? transcript.lastReply,
            detail: detail.isEmpty ? String(cString: kith_curl_easy_strerror(code)) : detail)
        return Attempt(outcome: .failure(error), reused: reused)
    }
}

/// The message bytes handed to libcurl piece by piece. Only used on the thread running the
/// transfer, while the transport's mutex is held.
private final class Upload {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// What the server said, kept for error messages and debug logs.
private final class Transcript {
    let logger: Logger
    var lastReply: String?
    /// The last reply that reported a failure (4xx or 5xx): after one, libcurl still sends
    /// QUIT, whose `221 Bye` would otherwise hide it.
    var lastFailure: String?
    /// After `AUTH`, the client sends credentials as bare lines; nothing outgoing is logged
    /// until the server has answered the exchange.
    var inAuth = false

    init(logger: Logger) {
        self.logger = logger
    }

    func incoming(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            let reply = String(line)
            lastReply = reply
            if let code = Int(reply.prefix(3)) {
                if code != 334 { inAuth = false }
                if code >= 400 { lastFailure = reply }
            }
            logger.trace("SMTP server", metadata: ["smtp.reply": "\(reply)"])
        }
    }

    func outgoing(_ text: String) {
        let verb = text.prefix(while: { $0 != " " && $0 != "\r" && $0 != "\n" }).uppercased()
        if verb == "AUTH" { inAuth = true }
        guard !inAuth else {
            logger.trace("SMTP client", metadata: ["smtp.command": "AUTH (credentials hidden)"])
            return
        }
        let safe = ["EHLO", "HELO", "STARTTLS", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP"]
        guard safe.contains(verb) else { return }
        logger.trace(
            "SMTP client", metadata: ["smtp.command": "\(text.trimmingCharacters(in: .whitespacesAndNewlines))"])
    }
}

private let readCallback: kith_curl_read_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let upload = Unmanaged<Upload>.fromOpaque(context).takeUnretainedValue()
    let room = size * count
    let remaining = upload.bytes.count - upload.offset
    let n = min(room, remaining)
    guard n > 0 else { return 0 }
    upload.bytes.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + upload.offset, byteCount: n)
    }
    upload.offset += n
    return n
}

private let debugCallback: kith_curl_debug_callback = { _, type, data, size, context in
    guard let data, let context else { return 0 }
    let transcript = Unmanaged<Transcript>.fromOpaque(context).takeUnretainedValue()
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    switch type {
    case CURLINFO_HEADER_IN: transcript.incoming(text)
    case CURLINFO_HEADER_OUT: transcript.outgoing(text)
    default: break
    }
    return 0
}
