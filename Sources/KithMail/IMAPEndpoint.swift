import Foundation
public import KithCore

/// Everything needed to read the owner's mailbox, checked with the same rules as SMTP: a usable
/// URL, TLS that cannot be skipped except to a loopback host, and the password from its file,
/// the credential `imap-password`, `KITH_IMAP_PASSWORD`, or, for the same host as `smtp.url`
/// with no IMAP password of its own, the SMTP password.
public struct IMAPEndpoint: Sendable, CustomStringConvertible {
    public let url: String
    public let host: String
    public let security: MailSecurity
    public let username: String?
    /// Never printed: `description` leaves it out.
    let password: String?
    public let caFile: String?
    public let timeoutSeconds: Int

    /// Whose mailbox this is: what its scan state is kept under, so that a changed URL or user
    /// starts afresh.
    public var account: String { "\(username ?? "")@\(url.lowercased())" }

    public var description: String {
        "IMAPEndpoint(\(url), \(security), user: \(username ?? "none"), password: \(password == nil ? "none" : "set"))"
    }

    public static func make(config: Config, environment: [String: String]) throws(MailboxError) -> IMAPEndpoint {
        guard let imap = config.imap else {
            throw MailboxError(kind: .configuration, message: "the config has no \"imap\" section")
        }
        do throws(PasswordError) {
            let server = try ServerURL.parse(
                imap.url, section: "imap", tls: imap.tls,
                example: "imaps://mail.example.org or imap://mail.example.org:143",
                pathHint: "an IMAP URL is scheme://host:port; name the folder in imap.sentFolder")
            var password = try PasswordSource(section: "imap", passwordFile: imap.passwordFile).read(
                environment: environment)
            if password == nil, imap.username != nil, let smtp = config.smtp,
                let smtpHost = URLComponents(string: smtp.url)?.host, smtpHost.lowercased() == server.host.lowercased()
            {
                password = try PasswordSource(section: "smtp", passwordFile: smtp.passwordFile).read(
                    environment: environment)
            }
            if server.security == .none, imap.username != nil {
                throw PasswordError(
                    message:
                        "imap: a user name or password is set but TLS is off; kith never sends credentials unencrypted. Remove them or use TLS"
                )
            }
            if imap.username != nil, password == nil {
                throw PasswordError(
                    message:
                        "imap.username is set but no password was found: put it in the file named by imap.passwordFile, the systemd credential imap-password, or KITH_IMAP_PASSWORD"
                )
            }
            return IMAPEndpoint(
                url: server.url, host: server.host, security: server.security, username: imap.username,
                password: password, caFile: imap.caFile, timeoutSeconds: imap.timeoutSeconds)
        } catch {
            throw MailboxError(kind: .configuration, message: error.message)
        }
    }
}

/// Why the mailbox could not be read.
public struct MailboxError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Worth trying again later: the server or the network had a passing problem.
        case transient
        /// The settings are wrong (login, certificate, TLS, URL, folder).
        case configuration
    }

    public let kind: Kind
    public let message: String
    /// What libcurl's failure meant, when the error comes from a transfer.
    let cause: CurlFailure?

    public init(kind: Kind, message: String) {
        self.init(kind: kind, message: message, cause: nil)
    }

    init(kind: Kind, message: String, cause: CurlFailure?) {
        self.kind = kind
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// Classifies a failed libcurl transfer; `reply` is the server's tagged NO or BAD, if any.
    static func classify(curlCode: Int, reply: String?, detail: String) -> MailboxError {
        let failure = CurlFailure(code: curlCode, detail: detail)
        let error = classify(failure, reply: reply, detail: detail)
        return MailboxError(kind: error.kind, message: error.message, cause: failure)
    }

    private static func classify(_ failure: CurlFailure, reply: String?, detail: String) -> MailboxError {
        let said = reply.map { " (\($0))" } ?? (detail.isEmpty ? "" : " (\(detail))")
        switch failure {
        case .loginDenied:
            return MailboxError(
                kind: .configuration,
                message: "the IMAP server refused the login\(said); check imap.username and the password")
        case .startTLSRefused:
            return MailboxError(
                kind: .configuration,
                message: "the IMAP server does not offer STARTTLS\(said); use imaps:// or a server with STARTTLS")
        case .certificateForAnotherHost:
            return MailboxError(
                kind: .configuration,
                message: "the IMAP server's certificate is for another host name than the one in imap.url (\(detail))")
        case .untrustedCertificate:
            return MailboxError(
                kind: .configuration,
                message: "the IMAP server's certificate is not trusted\(said); name a private CA in imap.caFile")
        case .unusableURL:
            return MailboxError(kind: .configuration, message: "imap.url is not a usable IMAP URL\(said)")
        default:
            if let reply, reply.uppercased().contains(" NO ") || reply.uppercased().contains(" BAD ") {
                return MailboxError(kind: .configuration, message: "the IMAP server refused a command\(said)")
            }
            return MailboxError(kind: .transient, message: "the IMAP server could not be read\(said)")
        }
    }
}
