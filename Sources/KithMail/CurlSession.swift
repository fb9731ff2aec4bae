import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One libcurl easy handle, loaded on first use, that SMTP and IMAP use the same way: one
/// thread at a time, keeping its connection between transfers.
final class CurlSession: Sendable {
    /// The handle. Invariant that makes the `Sendable` conformance sound: it is only touched
    /// while `handle`'s mutex is held, so one thread at a time uses it.
    private struct Handle: ~Copyable, @unchecked Sendable {
        let curl: UnsafeMutableRawPointer
    }

    private let handle: Mutex<Handle?>
    /// Why libcurl could not be loaded, if it could not.
    let loadError: String?

    /// Loads libcurl (once per process) and makes a handle. SIGPIPE is ignored so a dropped
    /// connection is an error code rather than the end of the process (CURLOPT_NOSIGNAL is set too).
    init() {
        signal(SIGPIPE, SIG_IGN)
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

    /// Runs `body` with the handle, reset for a new transfer; nil when libcurl could not be loaded.
    func withHandle<T>(_ body: (UnsafeMutableRawPointer) -> T) -> T? {
        handle.withLock { handle in
            guard let curl = handle?.curl else { return nil }
            kith_curl_easy_reset(curl)
            return body(curl)
        }
    }

    /// What libcurl said about a failed transfer: its error buffer, else the code's own text.
    static func errorText(_ code: CURLcode, _ buffer: [CChar]) -> String {
        let detail = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return detail.isEmpty ? String(cString: kith_curl_easy_strerror(code)) : detail
    }

    /// The options every kith transfer sets: the URL and protocols, no signals, timeouts that
    /// bound the whole transfer (the response timeout covers waits the overall one does not),
    /// TLS as `security` says, the CA file and the login.
    static func configure(
        _ curl: UnsafeMutableRawPointer, url: String, protocols: String, timeout: Int, security: MailSecurity,
        caFile: String?, username: String?, password: String?, errorBuffer: UnsafeMutablePointer<CChar>?
    ) -> CURLcode {
        var setup = CURLE_OK
        func set(_ result: CURLcode) { if setup == CURLE_OK { setup = result } }
        set(kith_curl_setopt_string(curl, CURLOPT_URL, url))
        set(kith_curl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, protocols))
        set(kith_curl_setopt_long(curl, CURLOPT_NOSIGNAL, 1))
        set(kith_curl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT, timeout))
        set(kith_curl_setopt_long(curl, CURLOPT_TIMEOUT, timeout))
        set(kith_curl_setopt_long(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout))
        set(kith_curl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer))
        switch security {
        case .startTLS, .implicitTLS:
            set(kith_curl_setopt_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
        case .none:
            set(kith_curl_setopt_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue)))
        }
        if let caFile { set(kith_curl_setopt_string(curl, CURLOPT_CAINFO, caFile)) }
        if let username { set(kith_curl_setopt_string(curl, CURLOPT_USERNAME, username)) }
        if let password { set(kith_curl_setopt_string(curl, CURLOPT_PASSWORD, password)) }
        return setup
    }
}
