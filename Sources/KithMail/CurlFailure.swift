/// What a failed libcurl transfer means for kith, read from its `CURLcode` (and, for a
/// certificate, libcurl's own words): the one place the codes are named. SMTP delivery
/// (`DeliveryError`) and mailbox reading (`MailboxError`) word each case for their own settings.
enum CurlFailure: Equatable {
    /// The URL is not one libcurl can use (CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT).
    case unusableURL
    /// The server's name did not resolve (CURLE_COULDNT_RESOLVE_HOST).
    case unresolvedHost
    /// No connection could be made (CURLE_COULDNT_CONNECT).
    case noConnection
    /// The server did not answer in time (CURLE_OPERATION_TIMEDOUT).
    case timedOut
    /// The server refused the login (CURLE_LOGIN_DENIED).
    case loginDenied
    /// TLS was required and the server would not start it (CURLE_USE_SSL_FAILED).
    case startTLSRefused
    /// The certificate is for another host name than the one connected to.
    case certificateForAnotherHost
    /// The certificate could not be verified: peer, CA file, issuer, pinned key, status.
    case untrustedCertificate
    /// The TLS handshake broke off, as a dropped connection does (CURLE_SSL_CONNECT_ERROR).
    case handshakeFailed
    /// A local TLS setting failed: client certificate, cipher list, crypto engine.
    case localTLSSettings
    /// An answer larger than libcurl holds; it closed the connection over it.
    case responseTooLarge
    /// Anything else: the connection broke, or a command failed.
    case other

    init(code: Int, detail: String) {
        // libcurl gives this one no code of its own, only its words.
        if detail.contains("Too large response") {
            self = .responseTooLarge
            return
        }
        switch code {
        case 1, 3: self = .unusableURL
        case 6: self = .unresolvedHost
        case 7: self = .noConnection
        case 28: self = .timedOut
        case 67: self = .loginDenied
        case 64: self = .startTLSRefused
        case 60 where CurlFailure.isNameMismatch(detail): self = .certificateForAnotherHost
        case 60, 77, 83, 90, 91: self = .untrustedCertificate
        case 35: self = .handshakeFailed
        case 58, 59, 66: self = .localTLSSettings
        default: self = .other
        }
    }

    /// Whether libcurl's text says the certificate names another host (OpenSSL and GnuTLS words).
    static func isNameMismatch(_ detail: String) -> Bool {
        let text = detail.lowercased()
        return text.contains("subject name") || text.contains("does not match target host")
            || text.contains("no alternative certificate subject name")
    }
}
