import Foundation
import KithTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Several `kith-team run` instances against one real PostgreSQL and a loopback SMTP server.
@Suite(.serialized) struct TeamDeliveryTests {
    @Test func threeInstancesDeliverEachOfTwoHundredDigestsExactlyOnce() throws {
        let team = try TeamFixture(members: 200)
        #expect(try team.run(["db", "migrate"]).status == 0)
        let notify = try NotifyListener()
        try team.startInstance("a", notifySocket: notify.path)
        for name in ["b", "c"] { try team.startInstance(name) }
        #expect(team.waitForMessages(200, timeout: 120) == 200, "\(team.log("a"))")
        #expect(notify.wait(timeout: 5) { $0.contains("READY=1") } != nil)
        // STATUS= counts the claims of every instance, and this one's share.
        let status = notify.wait(timeout: 10) { $0.contains("digests since yesterday: 200 sent;") }
        #expect(status?.contains("200 members") == true, "\(notify.messages)")
        sleep(3)  // anything sent twice would arrive now
        let recipients = try team.recipients()
        #expect(recipients.count == 200)
        #expect(Set(recipients).count == 200, "one digest per member")
        #expect(try team.postgres.psql("SELECT state, count(*) FROM digest GROUP BY state") == "sent|200\n")
        // The work was shared.
        let byInstance = try team.postgres.psql("SELECT count(DISTINCT claimed_by) FROM digest")
        #expect(byInstance == "3\n", "claimed by \(byInstance)")
        let report = try team.run(["status"])
        #expect(report.status == 0, "\(report.output)")
        #expect(
            report.output.contains(": 200 sent.") && report.output.contains("Nothing needs you."), "\(report.output)")
        #expect(report.output.contains("  b: "), "per instance: \(report.output)")
    }

    /// As for a single user: a digest the server took for some recipients is sent, and the ones it
    /// refused are recorded and logged, not dropped.
    @Test func recipientsTheServerRefusedAreRecordedAndLogged() throws {
        let team = try TeamFixture(
            members: 1, smtpArguments: ["--refuse-rcpt", "gone@example.org"],
            smtpTo: ["here@example.org", "gone@example.org"])
        try team.startInstance("a")
        #expect(team.waitForMessages(1, timeout: 60) == 1, "\(team.log("a"))")
        var refused = ""
        for _ in 0..<50 {
            refused = try team.postgres.psql("SELECT state, refused FROM digest")
            if refused.hasPrefix("sent") { break }
            usleep(100_000)
        }
        #expect(refused == "sent|[\"gone@example.org: 550 5.1.1 No such user here\"]\n", "\(refused)")
        #expect(team.log("a").contains("The server refused one recipient"), "\(team.log("a"))")
    }

    @Test func anInstanceKilledMidRunLeavesItsClaimToTheOthers() throws {
        // Each RCPT waits 50 ms, so the run lasts long enough to kill an instance in its middle,
        // most likely before a hand-over; its claim expires after 3 s.
        let team = try TeamFixture(members: 200, smtpArguments: ["--delay-rcpt", "0.05"], leaseSeconds: 3)
        #expect(try team.run(["db", "migrate"]).status == 0)
        let victim = try team.startInstance("a")
        for name in ["b", "c"] { try team.startInstance(name) }
        _ = team.waitForMessages(40, timeout: 60)
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(team.waitForMessages(200, timeout: 120) >= 200)
        sleep(4)  // past the lease: a repeat would arrive now
        let recipients = try team.recipients()
        #expect(recipients.count == 200, "exactly 200 accepted")
        #expect(Set(recipients).count == 200, "nobody twice")
        // Sent, or handed over by the killed instance (the server had the whole message): never
        // repeated, never skipped.
        let states = try team.postgres.psql(
            "SELECT count(*) FROM digest WHERE state = 'sent' OR (state = 'sending' AND handed_over_at IS NOT NULL)")
        #expect(states == "200\n")
        // A digest the killed instance had handed over, if any, is listed for a person to look at.
        let handedOver = try team.postgres.psql(
            "SELECT count(*) FROM digest WHERE state = 'sending' AND handed_over_at IS NOT NULL")
        let status = try team.run(["status"])
        #expect(status.status == 0)
        #expect(status.output.contains("Nothing needs you.") == (handedOver == "0\n"), "\(status.output)")
    }

    @Test func theDatabaseRestartedMidRunStopsClaimsThenTheRunFinishes() throws {
        let team = try TeamFixture(members: 60, smtpArguments: ["--delay-rcpt", "0.05"])
        #expect(try team.run(["db", "migrate"]).status == 0)
        for name in ["a", "b"] { try team.startInstance(name) }
        _ = team.waitForMessages(10, timeout: 60)
        try team.postgres.stop()
        sleep(3)
        try team.postgres.start()
        #expect(team.waitForMessages(60, timeout: 120) >= 60, "\(team.log("a"))")
        sleep(3)
        let recipients = try team.recipients()
        // A send in flight when the database went away could not record its hand-over, so it
        // was stopped before the server accepted it: nothing twice.
        #expect(recipients.count == 60)
        #expect(Set(recipients).count == 60)
        #expect(
            team.log("a").contains("The database cannot be reached")
                || team.log("b").contains("The database cannot be reached"))
    }

    @Test func aReloadAppliesAddedAndChangedMemberFilesAndKeepsTheOldOnesOnABadFile() throws {
        let team = try TeamFixture(members: 1)
        let folder = team.directory.appendingPathComponent("members")
        // Member 0's digest day is tomorrow only: nothing today.
        let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let tomorrow = days[calendar.component(.weekday, from: Date().addingTimeInterval(86_400)) - 1]
        let first = TeamFixture.member(0).replacingOccurrences(
            of: #""at": "00:00""#, with: #""at": "00:00", "days": ["\#(tomorrow)"]"#)
        try first.write(to: folder.appendingPathComponent("m000.json"), atomically: true, encoding: .utf8)
        let instance = try team.startInstance("a")
        sleep(3)
        #expect(team.messageCount() == 0)
        // A broken file: the reload is refused and the instance keeps going.
        try "{ nope".write(to: folder.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        kill(instance.processIdentifier, SIGHUP)
        sleep(2)
        #expect(instance.isRunning)
        #expect(team.log("a").contains("The reload was refused"), "\(team.log("a"))")
        // Fixed, member 0 changed to every day, and member 1 added: both digests go out.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bad.json"))
        try TeamFixture.member(0).write(
            to: folder.appendingPathComponent("m000.json"), atomically: true, encoding: .utf8)
        try TeamFixture.member(1).write(
            to: folder.appendingPathComponent("m001.json"), atomically: true, encoding: .utf8)
        kill(instance.processIdentifier, SIGHUP)
        #expect(team.waitForMessages(2, timeout: 30) == 2, "\(team.log("a"))")
        #expect(Set(try team.recipients()).count == 2)
    }

    @Test func aBadTeamFileOrMemberFileStopsTheStartWithItsPlace() throws {
        let team = try TeamFixture(members: 1)
        try FileManager.default.createDirectory(
            at: team.directory.appendingPathComponent("members"), withIntermediateDirectories: true)
        try #"{ "owner": { "name": "X" }, "timezone": "Mars/Base", "people": [] }"#.write(
            to: team.directory.appendingPathComponent("members/bad.json"), atomically: true, encoding: .utf8)
        let result = try team.run(["check"])
        #expect(result.status == 1)
        #expect(result.output.contains("bad.json: timezone"), "\(result.output)")
        try FileManager.default.removeItem(at: team.directory.appendingPathComponent("members/bad.json"))
        #expect(try team.run(["check"]).status == 0)
    }
}

/// A colleague's newer contact: shown next to the nudge (who and when, never the note), and
/// holding the nudge back for `team.respectColleaguesDays` (3) after it.
@Suite(.serialized) struct TeamColleagueTests {
    static func people(_ address: String) -> String {
        #"[ { "name": "Ada Lovelace", "email": "\#(address)", "every": "1w", "lastContact": "2025-01-01" }, { "name": "Grace Hopper", "every": "1m", "lastContact": "2025-06-01" } ]"#
    }

    @Test func aColleaguesContactIsShownWithoutItsNoteAndHoldsTheNudgeBack() throws {
        let team = try TeamFixture(members: 0)
        let folder = team.directory.appendingPathComponent("members")
        for (file, name, address) in [
            ("ann", "Ann", "ada@example.org"), ("bo", "Bo", "ada@example.org"),
            ("cy", "Cy", "ADA2@example.org"), ("dee", "Dee", "ada2@example.org"),
        ] {
            let member = TeamFixture.member(0, people: Self.people(address)).replacingOccurrences(
                of: "Member 0", with: name
            ).replacingOccurrences(of: "m0@example.org", with: "\(file)@example.org")
            try member.write(to: folder.appendingPathComponent("\(file).json"), atomically: true, encoding: .utf8)
        }
        let today = Date()
        func day(_ offset: Int) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            return formatter.string(from: today.addingTimeInterval(Double(offset) * 86_400))
        }
        // Ann wrote to Ada yesterday: Bo's nudge for Ada waits. Cy met Ada five days ago: Dee's
        // digest says so, without Cy's note.
        var result = try team.run(["log", "--member", "ann", "Ada", "--on", day(-1), "--note", "lunch"])
        #expect(result.status == 0, "\(result.output)")
        result = try team.run(["log", "--member", "cy", "Ada", "--on", day(-5), "--note", "secret plans"])
        #expect(result.status == 0, "\(result.output)")
        try team.startInstance("a")
        #expect(team.waitForMessages(4, timeout: 60) == 4, "\(team.log("a"))")
        var texts: [String: String] = [:]
        for url in team.smtp.messages {
            let message = try ParsedMessage(file: url)
            texts[message.to.first?["address"] ?? ""] =
                (message.part("text/plain") ?? "") + (message.part("text/html") ?? "")
        }
        let bo = try #require(texts["bo@example.org"])
        #expect(!bo.contains("Ada Lovelace"), "held back: \(bo)")
        #expect(bo.contains("Grace Hopper"))
        let dee = try #require(texts["dee@example.org"])
        #expect(dee.contains("Ada Lovelace"))
        #expect(dee.contains("Cy was in touch with Ada on "), "\(dee)")
        #expect(!dee.contains("secret plans"), "a colleague's note never shows")
        let ann = try #require(texts["ann@example.org"])
        #expect(!ann.contains("was in touch with"), "your own contact is not a colleague's")
    }
}

/// The team mailbox (a real Dovecot): members reply to their digests; each reply is applied to
/// its own member once, confirmed, and one from another member is left alone.
@Suite(.serialized) struct TeamMailboxTests {
    private func header(_ name: String, in file: URL) throws -> String? {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ": ") }
            .map { String($0.dropFirst(name.count + 2)) }
    }

    private func mail(from: String, id: String, inReplyTo: String, body: String) -> String {
        "From: \(from)\nTo: kith <team@example.org>\nSubject: Re: kith\nDate: \(Date().formatted(.iso8601))\n"
            + "Message-ID: <\(id)>\nIn-Reply-To: \(inReplyTo)\nReferences: \(inReplyTo)\n"
            + "Content-Type: text/plain; charset=utf-8\n\n" + body
    }

    @Test func repliesAreAppliedToTheirMemberOnceAndConfirmed() throws {
        let imap = try DovecotTestServer()
        let team = try TeamFixture(members: 2, imap: imap)
        let instance = try team.startInstance("a")
        #expect(team.waitForMessages(2, timeout: 60) == 2, "\(team.log("a"))")
        var digests: [String: URL] = [:]
        for file in team.smtp.messages { digests[try header("To", in: file) ?? ""] = file }
        let first = try #require(digests.first { $0.key.contains("m0@example.org") }?.value)
        #expect(try header("Reply-To", in: first) == "kith <team@example.org>")
        let digestID = try #require(try header("Message-ID", in: first))

        try imap.append(
            [
                mail(
                    from: "Member 0 <m0@example.org>", id: "r1@example.org", inReplyTo: digestID,
                    body: "done Ada: coffee\nsnooze Grace 2w\n"),
                // The same reply again, and one from another member to this digest.
                mail(
                    from: "Member 0 <m0@example.org>", id: "r1@example.org", inReplyTo: digestID,
                    body: "done Ada: coffee\nsnooze Grace 2w\n"),
                mail(from: "Member 1 <m1@example.org>", id: "r2@example.org", inReplyTo: digestID, body: "done Ada\n"),
            ], to: "INBOX")
        kill(instance.processIdentifier, SIGHUP)  // a reload reads the mailbox at once
        #expect(team.waitForMessages(3, timeout: 30) == 3, "\(team.log("a"))")
        sleep(2)
        #expect(team.messageCount() == 3, "one confirmation")
        let confirmation = try #require(team.smtp.messages.last)
        #expect(try header("To", in: confirmation)?.contains("m0@example.org") == true)
        #expect(try header("In-Reply-To", in: confirmation) == "<r1@example.org>")
        #expect(
            try team.postgres.psql("SELECT member, person_key, kind, note FROM interaction WHERE source = 'reply'")
                == "m000|ada lovelace|message|coffee\n")
        #expect(try team.postgres.psql("SELECT member, person_key FROM snooze") == "m000|grace hopper\n")
        #expect(try team.postgres.psql("SELECT count(*) FROM reply_command") == "1\n")
        // The reply and its copy are flagged done; the other member's is untouched.
        let snapshot = try imap.snapshot(["INBOX"])
        #expect(snapshot.components(separatedBy: "$KithDone").count - 1 == 2, "\(snapshot)")
    }
}
