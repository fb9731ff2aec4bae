import CCurl
import Foundation
import KithCore
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Sends messages over SMTP with libcurl. One transport keeps one libcurl handle, so a second
/// message can reuse the connection; a reused connection the server has dropped is retried once
/// on a fresh one.
public final class SMTPTransport: Sendable {
    private let session = CurlSession()
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// What the server did with a message it accepted.
    public struct Report: Sendable, Equatable {
        /// Recipients it refused while accepting the message for the others, as
        /// `address: reply` lines. They are not retried: the others already have the message.
        public var refused: [String]
    }

    /// Sends `message` to every recipient of `endpoint`. Returns when the server accepted it.
    @discardableResult
    public func send(_ message: MailMessage, via endpoint: SMTPEndpoint) throws(DeliveryError) -> Report {
        try send(bytes: message.bytes, via: endpoint)
    }

    /// Sends a message already rendered to bytes (a retry sends exactly what was recorded).
    ///
    /// - Parameter handingOver: called once, just before the end of the message goes to the
    ///   server, when nothing has been accepted yet; it records that fact durably. If it returns
    ///   false the transfer is aborted there, so the server cannot accept the message. A transfer
    ///   that fails after it returned true with no answer from the server is `.uncertain`.
    @discardableResult
    public func send(bytes: [UInt8], via endpoint: SMTPEndpoint, handingOver: (() -> Bool)? = nil)
        throws(DeliveryError) -> Report
    {
        let outcome: Result<Report, DeliveryError>? = session.withHandle { curl in
            var result = perform(curl, bytes: bytes, endpoint: endpoint, fresh: false, handingOver: handingOver)
            if case .failure(let error) = result.outcome, result.reused, error.kind == .transient, error.smtpCode == nil
            {
                logger.info(
                    "The reused SMTP connection failed; retrying once on a new one",
                    metadata: ["smtp.error": "\(error.message)"])
                result = perform(curl, bytes: bytes, endpoint: endpoint, fresh: true, handingOver: handingOver)
            }
            return result.outcome
        }
        guard let outcome else {
            throw DeliveryError(
                kind: .transient,
                message: "libcurl could not be loaded (\(session.loadError ?? "unknown")); install libcurl4")
        }
        return try outcome.get()
    }

    /// Sends a message kith wrote itself (a confirmation) to the addresses in its own `To`.
    public func sendToItsRecipients(_ message: [UInt8], via server: SMTPEndpoint) throws(DeliveryError) {
        let to = MailHeaders(Array(MailBody.split(message[...]).0)).addresses(in: ["to"])
        _ = try send(bytes: message, via: server.addressed(to: to.compactMap { Mailbox(parsing: $0) }))
    }

    private struct Attempt {
        var outcome: Result<Report, DeliveryError>
        var reused: Bool
    }

    private func perform(
        _ curl: UnsafeMutableRawPointer, bytes: [UInt8], endpoint: SMTPEndpoint, fresh: Bool,
        handingOver: (() -> Bool)?
    ) -> Attempt {
        let transcript = Transcript(logger: logger)
        let upload = Upload(
            bytes: bytes, transcript: transcript, handingOver: handingOver,
            needsSMTPUTF8: endpoint.needsSMTPUTF8)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { kith_curl_slist_free_all(recipients) }
        for mailbox in endpoint.recipients {
            recipients = kith_curl_slist_append(recipients, "<\(mailbox.address)>")
        }
        let uploadContext = Unmanaged.passUnretained(upload).toOpaque()
        let transcriptContext = Unmanaged.passUnretained(transcript).toOpaque()
        let timeout = endpoint.timeoutSeconds
        let code: CURLcode = withExtendedLifetime((upload, transcript)) {
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                var setup = CurlSession.configure(
                    // The path of an SMTP URL is the name kith greets the server with (EHLO).
                    curl, url: endpoint.url + "/" + endpoint.heloName, protocols: "smtp,smtps", timeout: timeout,
                    security: endpoint.security, caFile: endpoint.caFile, username: endpoint.username,
                    password: endpoint.password, errorBuffer: errorPointer.baseAddress)
                func set(_ result: CURLcode) { if setup == CURLE_OK { setup = result } }
                set(kith_curl_setopt_long(curl, CURLOPT_FRESH_CONNECT, fresh ? 1 : 0))
                set(kith_curl_setopt_string(curl, CURLOPT_MAIL_FROM, "<\(endpoint.from.address)>"))
                set(kith_curl_setopt_slist(curl, CURLOPT_MAIL_RCPT, recipients))
                // One refused recipient does not stop the others from getting the digest.
                set(kith_curl_setopt_long(curl, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1))
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
            return Attempt(outcome: .success(Report(refused: transcript.refused)), reused: reused)
        }
        if let refusal = upload.refusal {
            return Attempt(outcome: .failure(refusal), reused: false)
        }
        if endpoint.needsSMTPUTF8 != nil, !transcript.offersSMTPUTF8, transcript.sawGreeting {
            // The server refused the raw address before DATA: say why, rather than its "500".
            return Attempt(outcome: .failure(upload.smtputf8Refusal()), reused: false)
        }
        let said = CurlSession.errorText(code, errorBuffer)
        if transcript.handedOver, transcript.replyAfterHandOver == nil {
            return Attempt(
                outcome: .failure(
                    DeliveryError(
                        kind: .uncertain,
                        message:
                            "the whole digest went to the server but no answer came back (\(said)); it may have been accepted, so kith does not send it again by itself: look in your mailbox, and run `kith send --force` if it is not there"
                    )), reused: false)
        }
        let error = DeliveryError.classify(curlCode: Int(code.rawValue), reply: transcript.lastFailure, detail: said)
        return Attempt(outcome: .failure(error), reused: reused)
    }
}

/// The message bytes handed to libcurl piece by piece. Only used on the thread running the
/// transfer, while the transport's mutex is held.
private final class Upload {
    let bytes: [UInt8]
    let transcript: Transcript
    let handingOver: (() -> Bool)?
    /// The address that needs SMTPUTF8, if one does.
    let needsSMTPUTF8: String?
    var offset = 0
    /// Why the upload was stopped before the server could accept it, if it was.
    var refusal: DeliveryError?

    init(bytes: [UInt8], transcript: Transcript, handingOver: (() -> Bool)?, needsSMTPUTF8: String?) {
        self.bytes = bytes
        self.transcript = transcript
        self.handingOver = handingOver
        self.needsSMTPUTF8 = needsSMTPUTF8
    }

    /// Called on the first read, when the server has said yes to DATA: the last moment to
    /// refuse a message the server cannot take.
    func checkBeforeData() -> Bool {
        if needsSMTPUTF8 != nil, !transcript.offersSMTPUTF8 {
            refusal = smtputf8Refusal()
            return false
        }
        return true
    }

    func smtputf8Refusal() -> DeliveryError {
        DeliveryError(
            kind: .permanent,
            message:
                "\(UserText.quoted(needsSMTPUTF8 ?? "")) has non-ASCII letters before the @, and the mail server does not offer SMTPUTF8, which such an address needs; use an ASCII address or a server with SMTPUTF8"
        )
    }

    /// Called when every byte is with libcurl, before it sends the end of the message.
    func handOver() -> Bool {
        if let handingOver, !handingOver() {
            refusal = DeliveryError(
                kind: .transient,
                message:
                    "the state database could not record the send, so kith stopped it before the server could accept it; kith will try again"
            )
            return false
        }
        transcript.handedOver = true
        return true
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
    /// Whether the server's EHLO reply offered SMTPUTF8.
    var offersSMTPUTF8 = false
    /// Whether the server answered EHLO at all.
    var sawGreeting = false
    /// The recipient whose RCPT awaits its reply.
    var pendingRecipient: String?
    /// Recipients refused while others were accepted, as `address: reply`.
    var refused: [String] = []
    /// Whether the whole message went to libcurl, which then sends its end.
    var handedOver = false
    /// The first reply after the hand-over: the server's verdict on the message.
    var replyAfterHandOver: String?

    init(logger: Logger) {
        self.logger = logger
    }

    func incoming(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            let reply = String(line)
            lastReply = reply
            if handedOver, replyAfterHandOver == nil { replyAfterHandOver = reply }
            if reply.hasPrefix("250") {
                sawGreeting = true
                if reply.dropFirst(4).uppercased().hasPrefix("SMTPUTF8") { offersSMTPUTF8 = true }
            }
            if let code = Int(reply.prefix(3)) {
                if code != 334 { inAuth = false }
                if let recipient = pendingRecipient, reply.dropFirst(3).first != "-" {
                    pendingRecipient = nil
                    if code >= 400 { refused.append("\(recipient): \(reply)") }
                }
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
        if verb == "RCPT", let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            pendingRecipient = String(text[text.index(after: open)..<close])
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
    if upload.offset == 0, !upload.transcript.handedOver, upload.refusal == nil, !upload.checkBeforeData() {
        return Int(CURL_READFUNC_ABORT)
    }
    let room = size * count
    let remaining = upload.bytes.count - upload.offset
    let n = min(room, remaining)
    guard n > 0 else {
        // The end: record the hand-over first, or stop here so nothing can be accepted.
        if !upload.transcript.handedOver, !upload.handOver() { return Int(CURL_READFUNC_ABORT) }
        return 0
    }
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
