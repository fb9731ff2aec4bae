public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real Dovecot (Debian's dovecot-imapd) on 127.0.0.1 for one test, started from a config
/// written into a temporary directory: one user, `sam` / `secret`, with a maildir there, a
/// throwaway certificate, plain IMAP and IMAPS on free ports, `Sent` marked `\Sent`.
public final class DovecotTestServer: @unchecked Sendable {
    // @unchecked: every property is set in init and never changes afterwards.
    public let directory: URL
    /// Plain IMAP (for the test's own imaplib calls).
    public let port: Int
    /// IMAP over TLS (for kith, which never sends a password unencrypted).
    public let tlsPort: Int
    private let process: Process

    public static let user = "sam"
    public static let password = "secret"

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kith-dovecot-\(UUID().uuidString)")
        let fm = FileManager.default
        for sub in ["run", "state", "mail"] {
            try fm.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let dir = directory.path
        try Self.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem",
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ])
        // The mail belongs to an unprivileged user (nobody), as Dovecot wants.
        try Self.run("/bin/chmod", ["755", dir])
        try Self.run("/bin/chown", ["-R", "65534:65534", dir + "/mail"])
        try "\(Self.user):{PLAIN}\(Self.password):65534:65534::\(dir)/mail/sam\n".write(
            toFile: dir + "/passwd", atomically: true, encoding: .utf8)
        port = Ports.free()
        var tls = Ports.free()
        while tls == port { tls = Ports.free() }
        tlsPort = tls
        let config = """
            base_dir = \(dir)/run
            state_dir = \(dir)/state
            log_path = \(dir)/log
            protocols = imap
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <\(dir)/cert.pem
            ssl_key = <\(dir)/key.pem
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            first_valid_uid = 1
            mail_location = maildir:~/Maildir
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%n \(dir)/passwd
            }
            userdb {
              driver = passwd-file
              args = username_format=%n \(dir)/passwd
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = \(port)
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = \(tlsPort)
                ssl = yes
              }
            }
            namespace inbox {
              inbox = yes
              mailbox Sent {
                special_use = \\Sent
                auto = subscribe
              }
            }

            """
        try config.write(toFile: dir + "/dovecot.conf", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/dovecot")
        process.arguments = ["-F", "-c", dir + "/dovecot.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SMTPTestServer.ServerError(
                message: "Dovecot could not be started (\(error)); scripts/test installs dovecot-imapd")
        }
        guard Ports.waitUntilListening(port, timeout: 10), Ports.waitUntilListening(tlsPort, timeout: 10) else {
            let log = (try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? ""
            process.terminate()
            throw SMTPTestServer.ServerError(message: "Dovecot did not start listening: \(log)")
        }
    }

    deinit {
        // Dovecot's master may take a while to stop its services; it is given two seconds, then
        // killed (its services exit when they lose the master).
        if process.isRunning {
            process.terminate()
            var waited = 0
            while process.isRunning && waited < 40 {
                usleep(50_000)
                waited += 1
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `password` into a private file in `directory`, for `imap.passwordFile`; its path.
    public static func passwordFile(in directory: URL, password: String = DovecotTestServer.password) throws
        -> String
    {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("imap-password").path
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        return path
    }

    /// The server's certificate, for `imap.caFile`.
    public var certificate: String { directory.appendingPathComponent("cert.pem").path }

    /// Appends messages (RFC 5322 text, LF or CRLF) to `folder`.
    public func append(_ messages: [String], to folder: String = "Sent") throws {
        var files: [String] = []
        for (index, message) in messages.enumerated() {
            let path = directory.appendingPathComponent("append-\(UUID().uuidString)-\(index).eml").path
            let crlf = message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
            try Data(crlf.utf8).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        _ = try tool(["append", folder] + files)
    }

    /// Puts `count` messages made by `message(index)` straight into `folder`'s maildir, faster than
    /// APPEND for thousands; Dovecot finds them when the folder is next opened.
    public func fill(_ folder: String = "Sent", count: Int, message: (Int) -> String) throws {
        let maildir = directory.appendingPathComponent("mail/sam/Maildir/.\(folder)")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(
                at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let stamp = Int(Date().timeIntervalSince1970)
        for index in 0..<count {
            let text = message(index).replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n")
            try Data(text.utf8).write(to: maildir.appendingPathComponent("cur/\(stamp).\(index).kith:2,S"))
        }
        try Self.run("/bin/chown", ["-R", "65534:65534", directory.appendingPathComponent("mail").path])
    }

    /// Every message's UID, flags and a hash of its bytes, per folder: equal before and after a
    /// scan when the scan changed nothing.
    public func snapshot(_ folders: [String] = ["Sent", "INBOX"]) throws -> String {
        try tool(["snapshot"] + folders)
    }

    /// Deletes and creates `folder` again, which gives it a new UIDVALIDITY.
    public func recreate(_ folder: String) throws {
        _ = try tool(["recreate", folder])
    }

    private func tool(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SMTPTestServer.script("imap_tool.py"), String(port)] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SMTPTestServer.ServerError(message: "imap_tool.py \(arguments.first ?? "") failed")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SMTPTestServer.ServerError(message: "\(executable) \(arguments.first ?? "") failed")
        }
    }
}
