import Foundation
import KithTestSupport
import Testing

/// `kith scan` against a real Dovecot on 127.0.0.1: contact learnt from the Sent folder.
@Suite(.serialized) struct MailboxScanTests {
    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-scan-\(UUID().uuidString)")
    private var state: String { root.appendingPathComponent("state").path }

    private func config(_ server: DovecotTestServer, password: String = DovecotTestServer.password) throws -> String {
        let passwordFile = try DovecotTestServer.passwordFile(in: root, password: password)
        let path = root.appendingPathComponent("config.json").path
        try """
        { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC",
          "imap": { "url": "imaps://127.0.0.1:\(server.tlsPort)", "username": "sam", "passwordFile": "\(passwordFile)",
                    "caFile": "\(server.certificate)", "timeoutSeconds": 10 },
          "people": [
            { "name": "Ada Lovelace", "email": "ada@example.org", "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Grace Hopper", "email": "grace@example.org", "emails": ["amazing.grace@navy.example"],
              "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Alan Turing", "email": "alan@example.org", "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Kurt Gödel", "email": "kurt@example.org", "every": "1w", "lastContact": "2026-01-01" } ] }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func kith(_ arguments: [String], _ config: String) throws -> KithBinary.Result {
        try KithBinary.run(arguments + ["--config", config, "--state", state])
    }

    /// Yesterday, as a mail Date header.
    private var yesterday: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date().addingTimeInterval(-86_400))
    }

    private func message(id: String, to: String, cc: String = "", bcc: String = "", extra: String = "") -> String {
        """
        From: Sam <sam@example.org>
        To: \(to)
        \(cc.isEmpty ? "" : "Cc: \(cc)\n")\(bcc.isEmpty ? "" : "Bcc: \(bcc)\n")Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= and news
        Date: \(yesterday)
        Message-ID: <\(id)>
        \(extra)
        Hello.

        """.replacingOccurrences(of: "\n\n\nHello", with: "\n\nHello")
    }

    @Test func sentMailRecordsOneContactEachAndARescanRecordsNothingAndChangesNothing() throws {
        let server = try DovecotTestServer()
        let config = try config(server)
        try server.append([
            message(
                id: "one@example.org", to: "Ada <ADA@example.org>, \"Hopper, Grace\" <amazing.grace@navy.example>",
                bcc: "alan@example.org"),
            message(id: "list@example.org", to: "kurt@example.org", extra: "List-Id: <logic.lists.example.org>"),
            message(id: "kith.123.abc@example.org", to: "kurt@example.org"),
        ])
        let before = try kith(["due"], config)
        for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing"] { #expect(before.stdout.contains(name)) }
        let snapshot = try server.snapshot()
        let scan = try kith(["scan"], config)
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("recorded 3 contacts"), "\(scan.stdout)")
        #expect(scan.stdout.contains("Grüße and news"), "\(scan.stdout)")
        #expect(!scan.stdout.contains("Kurt"), "list traffic and kith's own mail never count")
        let after = try kith(["due"], config)
        for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing"] { #expect(!after.stdout.contains(name)) }
        #expect(after.stdout.contains("Kurt Gödel"))
        #expect(try kith(["history", "Grace"], config).stdout.contains("mail: Grüße and news"))
        let again = try kith(["scan"], config)
        #expect(again.stdout.contains("Read 0 new messages"), "\(again.stdout)")
        #expect(again.stdout.contains("recorded 0 contacts"))
        #expect(try server.snapshot() == snapshot, "the scan changed the mailbox")
        #expect(try kith(["status"], config).stdout.contains("Last mailbox scan:"))
    }

    @Test func aNewUIDValidityRescansAndRecordsNothingTwice() throws {
        let server = try DovecotTestServer()
        let config = try config(server)
        try server.append([message(id: "first@example.org", to: "ada@example.org")])
        #expect(try kith(["scan"], config).stdout.contains("recorded 1 contact"))
        try server.recreate("Sent")
        try server.append([
            message(id: "first@example.org", to: "ada@example.org"),
            message(id: "second@example.org", to: "grace@example.org"),
        ])
        let rescan = try kith(["scan"], config)
        #expect(rescan.status == 0, "\(rescan.stderr)")
        #expect(rescan.stdout.contains("Read 2 new messages"), "\(rescan.stdout)")
        #expect(rescan.stdout.contains("recorded 1 contact:"), "\(rescan.stdout)")
        let history = try kith(["history", "Ada"], config).stdout
        #expect(history.components(separatedBy: "mail:").count == 2, "Ada's message counted once: \(history)")
    }

    @Test func aFolderOfThousandsIsReadWhole() throws {
        // Once, a SEARCH answer longer than libcurl's buffer lost its middle: 507 of 3,001 read.
        let server = try DovecotTestServer()
        let config = try config(server)
        try server.fill(count: 4_000) { index in
            message(id: "bulk.\(index)@example.org", to: index % 2 == 0 ? "ada@example.org" : "grace@example.org")
        }
        let scan = try kith(["scan"], config)
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.hasPrefix("Read 4000 new messages"), "\(scan.stdout.prefix(200))")
        #expect(scan.stdout.contains("recorded 4000 contacts"))
        #expect(try kith(["scan"], config).stdout.hasPrefix("Read 0 new messages"))
    }

    @Test func aScanOfChosenDaysLeavesWhereScansStopAlone() throws {
        let server = try DovecotTestServer()
        let config = try config(server)
        try server.append([message(id: "since@example.org", to: "ada@example.org")])
        let today = ISO8601DateFormatter.string(
            from: Date().addingTimeInterval(-3 * 86_400), timeZone: TimeZone(identifier: "UTC")!,
            formatOptions: [.withFullDate])
        let chosen = try kith(["scan", "--since", today], config)
        #expect(chosen.stdout.contains("recorded 1 contact:"), "\(chosen.stdout)")
        // The regular scan still starts from scratch (and counts nothing twice).
        let regular = try kith(["scan"], config)
        #expect(regular.stdout.contains("the first scan"), "\(regular.stdout)")
        #expect(regular.stdout.contains("recorded 0 contacts"), "\(regular.stdout)")
    }

    @Test func scanWithoutMailSettingsOrWithABadDateIsRefused() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let plain = try KithBinary.temporaryFile(#"{ "owner": { "name": "S" }, "people": [] }"#)
        let none = try kith(["scan"], plain)
        #expect(none.status == 78)
        #expect(none.stderr.contains("no \"imap\" section"), "\(none.stderr)")
        let badDate = try kith(["scan", "--since", "last week"], plain)
        #expect(badDate.status == 64)
        #expect(badDate.stderr.contains("is not a date"), "\(badDate.stderr)")
    }

    @Test func aRefusedLoginIsAConfigurationErrorThatNeverShowsThePassword() throws {
        let server = try DovecotTestServer()
        let config = try config(server, password: "wrong-password-42")
        let scan = try kith(["scan"], config)
        #expect(scan.status == 78, "\(scan.stderr)")
        #expect(scan.stderr.contains("refused the login"), "\(scan.stderr)")
        #expect(!scan.stderr.contains("wrong-password-42") && !scan.stdout.contains("wrong-password-42"))
        let status = try kith(["status"], config)
        #expect(status.stdout.contains("failed (configuration)"), "\(status.stdout)")
        #expect(!status.stdout.contains("wrong-password-42"))
    }
}
