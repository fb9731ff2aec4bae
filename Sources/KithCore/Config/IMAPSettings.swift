/// How kith reads the owner's mailbox (`imap` in the config): headers only, never changing it.
public struct IMAPSettings: Sendable {
    /// `imaps://host[:port]`, or `imap://host[:port]` upgraded with STARTTLS.
    public var url: String
    public var username: String?
    public var passwordFile: String?
    public var caFile: String?
    public var tls: SMTPSettings.TLS = .required
    public var timeoutSeconds = 30
    /// The folder of sent mail; nil: the one the server marks `\Sent` (RFC 6154), else `Sent`.
    public var sentFolder: String?
    /// How far back the first scan of a folder reads.
    public var backfillDays = 90
    /// How often the daemon scans; 0: only just before each digest.
    public var pollMinutes = 30
    /// The address of this mailbox, where replies to the digest go (its Reply-To); nil: the
    /// owner's address. A plus address (`me+kith@example.org`) works.
    public var address: String?

    public init(url: String) {
        self.url = url
    }
}
