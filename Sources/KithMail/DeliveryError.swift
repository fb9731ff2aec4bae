/// Why a digest could not be delivered, and what to do about it.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Worth trying again later: the server or the network had a passing problem.
        case transient
        /// The server refused the message for good; retrying will not help.
        case permanent
        /// The settings are wrong (login, certificate, TLS, URL); retry after they change.
        case configuration
    }

    public let kind: Kind
    /// A sentence for the user, including the server's reply where there was one.
    public let message: String
    /// The SMTP reply code, when the server gave one.
    public let smtpCode: Int?

    public init(kind: Kind, message: String, smtpCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.smtpCode = smtpCode
    }

    public var description: String { message }

    /// The sysexits code `kith send` exits with: 75 transient, 69 permanent, 78 configuration.
    public var exitCode: Int32 {
        switch kind {
        case .transient: return 75
        case .permanent: return 69
        case .configuration: return 78
        }
    }

    /// Classifies a failed transfer: libcurl's code decides first, the SMTP reply refines it.
    ///
    /// - Parameters:
    ///   - curlCode: the `CURLcode` of the failed transfer.
    ///   - smtpCode: the last SMTP reply code (0 when none was received).
    ///   - reply: the server's last reply line, if any.
    ///   - detail: libcurl's own error text.
    public static func classify(curlCode: Int, smtpCode: Int, reply: String?, detail: String) -> DeliveryError {
        let code = smtpCode > 0 ? smtpCode : nil
        let said = reply.map { " (\($0))" } ?? (detail.isEmpty ? "" : " (\(detail))")
        switch curlCode {
        case 1, 3:  // CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT
            return DeliveryError(kind: .configuration, message: "smtp.url is not a usable SMTP URL\(said)")
        case 6:  // CURLE_COULDNT_RESOLVE_HOST
            return DeliveryError(kind: .transient, message: "could not resolve the mail server's name\(said)")
        case 7:  // CURLE_COULDNT_CONNECT
            return DeliveryError(kind: .transient, message: "could not connect to the mail server\(said)")
        case 28:  // CURLE_OPERATION_TIMEDOUT
            return DeliveryError(
                kind: .transient, message: "the mail server did not answer in time\(said)", smtpCode: code)
        case 67:  // CURLE_LOGIN_DENIED
            return DeliveryError(
                kind: .configuration,
                message: "the server refused the login\(said); check smtp.username and the password",
                smtpCode: code)
        case 64:  // CURLE_USE_SSL_FAILED
            return DeliveryError(
                kind: .configuration,
                message:
                    "the server does not offer STARTTLS, and kith never sends mail or a password unencrypted\(said); use smtps:// or a server with STARTTLS",
                smtpCode: code)
        case 60, 77, 83, 90, 91:  // peer verification, CA file, issuer, pinned key, cert status
            return DeliveryError(
                kind: .configuration,
                message:
                    "the server's certificate is not trusted\(said); if it comes from a private CA, name it in smtp.caFile"
            )
        case 35, 58, 59, 66, 80:  // TLS handshake, client cert, cipher, engine, shutdown
            return DeliveryError(kind: .configuration, message: "the TLS connection to the mail server failed\(said)")
        default:
            break
        }
        // The transfer failed after the server answered: its reply code says how.
        if let code {
            switch code {
            case 530, 534, 535, 538:
                return DeliveryError(
                    kind: .configuration,
                    message: "the server refused the login\(said); check smtp.username and the password",
                    smtpCode: code)
            case 400..<500:
                return DeliveryError(
                    kind: .transient, message: "the server deferred the message\(said); kith will try again",
                    smtpCode: code)
            case 500..<600:
                return DeliveryError(
                    kind: .permanent, message: "the server rejected the message\(said)", smtpCode: code)
            default:
                break
            }
        }
        // No reply code: the connection broke (sent, received nothing, or dropped).
        return DeliveryError(
            kind: .transient, message: "the connection to the mail server failed\(said)", smtpCode: code)
    }
}
