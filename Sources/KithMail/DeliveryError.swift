public import KithCore

/// Why a digest could not be delivered, and what to do about it.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Worth trying again later: the server or the network had a passing problem.
        case transient
        /// The server refused the message for good; retrying will not help.
        case permanent
        /// The settings are wrong (login, certificate, TLS, URL); retry after they change.
        case configuration
        /// The whole message went to the server and no answer came back: it may have been
        /// accepted, so it is not sent again by itself.
        case uncertain
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

    /// How `kith send` and `kith deliver` exit after this failure.
    public var exitStatus: ExitStatus {
        switch kind {
        case .transient: return .temporaryFailure
        case .permanent: return .unavailable
        case .configuration: return .configuration
        case .uncertain: return .uncertain
        }
    }

    /// Classifies a failed transfer. The server's failure reply decides where there is one (a
    /// 454 at STARTTLS or AUTH is as passing as a 451 at DATA); libcurl's code decides the rest.
    ///
    /// - Parameters:
    ///   - curlCode: the `CURLcode` of the failed transfer.
    ///   - reply: the server's failure reply (4xx or 5xx), if it sent one.
    ///   - detail: libcurl's own error text.
    public static func classify(curlCode: Int, reply: String?, detail: String) -> DeliveryError {
        let failure = CurlFailure(code: curlCode, detail: detail)
        let said = reply.map { " (\($0))" } ?? (detail.isEmpty ? "" : " (\(detail))")
        if let reply, let code = Int(reply.prefix(3)), (400..<600).contains(code) {
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
            default:
                if failure == .startTLSRefused {  // refused STARTTLS for good
                    return DeliveryError(
                        kind: .configuration,
                        message:
                            "the server refused STARTTLS\(said), and kith never sends mail or a password unencrypted; use smtps:// or a server with STARTTLS",
                        smtpCode: code)
                }
                return DeliveryError(
                    kind: .permanent, message: "the server rejected the message\(said)", smtpCode: code)
            }
        }
        switch failure {
        case .unusableURL:
            return DeliveryError(kind: .configuration, message: "smtp.url is not a usable SMTP URL\(said)")
        case .unresolvedHost:
            return DeliveryError(kind: .transient, message: "could not resolve the mail server's name\(said)")
        case .noConnection:
            return DeliveryError(kind: .transient, message: "could not connect to the mail server\(said)")
        case .timedOut:
            return DeliveryError(kind: .transient, message: "the mail server did not answer in time\(said)")
        case .loginDenied:
            return DeliveryError(
                kind: .configuration,
                message: "the server refused the login\(said); check smtp.username and the password")
        case .startTLSRefused:  // without a reply: STARTTLS is not offered
            return DeliveryError(
                kind: .configuration,
                message:
                    "the server does not offer STARTTLS, and kith never sends mail or a password unencrypted\(said); use smtps:// or a server with STARTTLS"
            )
        case .certificateForAnotherHost:
            return DeliveryError(
                kind: .configuration,
                message:
                    "the server's certificate is for another host name than the one in smtp.url (\(detail)); use the name the certificate is for"
            )
        case .untrustedCertificate:
            return DeliveryError(
                kind: .configuration,
                message:
                    "the server's certificate is not trusted\(said); if it comes from a private CA, name it in smtp.caFile"
            )
        case .handshakeFailed:
            return DeliveryError(
                kind: .transient, message: "the TLS handshake with the mail server failed\(said); kith will try again")
        case .localTLSSettings:
            return DeliveryError(kind: .configuration, message: "the TLS connection to the mail server failed\(said)")
        case .responseTooLarge, .other:
            // No failure reply: the connection broke (sent, received nothing, or dropped).
            return DeliveryError(kind: .transient, message: "the connection to the mail server failed\(said)")
        }
    }
}
