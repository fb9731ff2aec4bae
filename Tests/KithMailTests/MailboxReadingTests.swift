import Foundation
import KithCore
import Testing

@testable import KithMail

/// Reading what an IMAP server and a mailbox say, without a server: responses with literals,
/// address lists, encoded words and dates, and which contacts a Sent folder holds.
@Suite struct MailboxReadingTests {
    @Test func fetchResponsesKeepTheirLiteralsWhateverTheyHold() {
        let header = "To: Ada <ada@example.org>\r\nSubject: a {12} brace and ) paren\r\n\r\n"
        let raw =
            "* 1 FETCH (UID 7 INTERNALDATE \"23-Nov-2026 07:30:00 +0100\" BODY[HEADER.FIELDS (TO SUBJECT)] {\(header.utf8.count)}\r\n"
            + header + ")\r\n* 2 FETCH (UID 9 BODY[HEADER.FIELDS (TO)] {0}\r\n)\r\nA004 OK Fetch completed.\r\n"
        let fetched = IMAPResponse.fetched(Array(raw.utf8))
        #expect(fetched.count == 2)
        #expect(fetched.first?.uid == 7)
        #expect(fetched.first?.internalDate == "23-Nov-2026 07:30:00 +0100")
        #expect(fetched.first.map { String(decoding: $0.header, as: UTF8.self) } == header)
        #expect(fetched.last?.uid == 9 && fetched.last?.header.isEmpty == true)
        // A literal longer than what arrived is not read past the end.
        #expect(
            IMAPResponse.fetched(Array("* 1 FETCH (UID 3 BODY[] {500}\r\nshort".utf8)).first?.header.isEmpty == true)
    }

    @Test func responseCodesSearchAndTheSentFolder() {
        let examined = Array("* OK [UIDVALIDITY 1796056202] UIDs valid\r\n* OK [UIDNEXT 42] Predicted\r\n".utf8)
        #expect(IMAPResponse.code("UIDVALIDITY", in: examined) == 1_796_056_202)
        #expect(IMAPResponse.code("UIDNEXT", in: examined) == 42)
        #expect(IMAPResponse.code("UNSEEN", in: examined) == nil)
        #expect(IMAPResponse.searched(Array("* SEARCH 3 4 17\r\n".utf8)) == [3, 4, 17])
        let list = Array(
            "* LIST (\\HasNoChildren) \".\" INBOX\r\n* LIST (\\HasNoChildren \\Sent) \".\" \"Sent Items\"\r\n".utf8)
        #expect(IMAPResponse.sentFolder(list) == "Sent Items")
        #expect(IMAPResponse.sentFolder(Array("* LIST (\\HasNoChildren) \".\" INBOX\r\n".utf8)) == nil)
        #expect(FolderScan.set([9, 1, 2, 3, 7, 10]) == "1:3,7,9:10")
    }

    @Test(arguments: [
        ("Ada <ADA@example.org>", ["ada@example.org"]),
        ("\"Hopper, Grace\" <grace@example.org>, alan@example.org", ["grace@example.org", "alan@example.org"]),
        ("friends: a@x.org, b@y.org;, c@z.org", ["a@x.org", "b@y.org", "c@z.org"]),
        ("undisclosed-recipients:;", []),
        ("ada@example.org (Ada, at work)", ["ada@example.org"]),
        ("<@relay.example:ada@example.org>", ["ada@example.org"]),
        ("Not an address, \"still <not@one\"", []),
    ])
    func addressListsGiveTheirAddrSpecs(value: String, expected: [String]) {
        #expect(MailHeaders.addresses(in: value) == expected)
    }

    @Test func headersAreUnfoldedAndTextDecoded() {
        let headers = MailHeaders(
            Array(
                "To: a@x.org,\r\n  b@y.org\r\nSubject: =?UTF-8?B?R3LDvMOfZQ==?= =?ISO-8859-1?Q?_und_K=FCsse?=\r\nList-Id: <l.x>\r\n"
                    .utf8))
        #expect(headers.addresses() == ["a@x.org", "b@y.org"])
        #expect(headers.value("subject").map(MailText.decode) == "Grüße und Küsse")
        #expect(headers.isListTraffic)
        #expect(MailText.decode("=?bogus?X?abc?= plain") == "=?bogus?X?abc?= plain")
    }

    @Test func datesInMailAndIMAPForms() {
        let expected = Date(timeIntervalSince1970: 1_795_415_400)  // 2026-11-23T06:30:00Z
        #expect(MailText.date("Mon, 23 Nov 2026 07:30:00 +0100") == expected)
        #expect(MailText.date("23 Nov 2026 07:30:00 +0100") == expected)
        #expect(MailText.date("23-Nov-2026 07:30:00 +0100") == expected)
        #expect(MailText.date("Mon, 23 Nov 2026 01:30:00 -0500") == expected)
        #expect(MailText.date("yesterday") == nil)
        #expect(MailText.date("Mon, 31 Feb 2026 07:30:00 +0000") == nil)
    }

    @Test func contactsAreOnePerPersonAndSkipListsAndKithsOwnMail() throws {
        let config = try ConfigLoader.parse(
            bytes: Array(
                """
                { "owner": { "name": "S" }, "timezone": "Europe/Berlin", "people": [
                  { "name": "Ada", "email": "ada@example.org", "emails": ["ada@work.example"], "every": "1w" },
                  { "name": "Bob", "every": "1w" } ] }
                """.utf8), file: "t")
        func message(_ id: String?, _ to: String, extra: String = "", date: String = "Mon, 23 Nov 2026 23:30:00 +0000")
            -> ScannedMessage
        {
            var text = "To: \(to)\r\nDate: \(date)\r\n" + extra
            if let id { text += "Message-ID: \(id)\r\n" }
            return ScannedMessage(uid: 1, headers: MailHeaders(Array(text.utf8)), internalDate: nil)
        }
        let today = LocalDate(iso: "2026-11-30")!
        let now = Date(timeIntervalSince1970: 1_796_036_400)  // 2026-11-30 12:00 in Berlin
        let contacts = MailCapture.contacts(
            in: [
                message("<a@x>", "ada@example.org, Ada at work <ADA@work.example>"),
                message("<b@x>", "ada@example.org", extra: "Precedence: bulk\r\n"),
                message("<kith.1.2@example.org>", "ada@example.org"),
                message(nil, "ada@example.org", date: "Tue, 1 Dec 2099 10:00:00 +0000"),
            ], people: config.people, timeZone: config.timeZone, now: now, folder: "Sent", uidValidity: 5)
        #expect(contacts.count == 2)
        // 23:30 UTC is already the next day in Berlin.
        #expect(contacts.first?.date == LocalDate(iso: "2026-11-24"))
        #expect(contacts.last?.date == today, "a date in the future counts as today")
        #expect(contacts.last?.messageID == "<uid.5.1@Sent>")
        #expect(contacts.last?.at == now, "a time in the future counts as now")
    }
}

@Suite struct InboxReadingTests {
    private let people: [Person] = {
        let json = """
            { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC", "people": [
              { "name": "Ada", "email": "ada@example.org", "emails": ["ada@work.example"], "every": "1w" } ] }
            """
        return try! ConfigLoader.load(bytes: Array(json.utf8), path: "t").people
    }()
    private let token = "0123456789abcdef0123456789abcdef"
    private let now = Date(timeIntervalSince1970: 1_796_036_400)

    private func message(_ uid: Int, _ headers: String) -> ScannedMessage {
        ScannedMessage(
            uid: uid, headers: MailHeaders(Array((headers + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n").utf8)),
            internalDate: nil)
    }

    @Test func peopleRepliesAndEverythingElseAreToldApart() {
        let (incoming, replies) = Inbox.read(
            [
                message(1, "From: Ada <ADA@work.example>\r\nSubject: Lunch?\r\nMessage-ID: <1@x>\r\n"),
                message(2, "From: ada@example.org\r\nList-Id: <l.example>\r\nMessage-ID: <2@x>\r\n"),
                message(3, "From: Sam <sam@example.org>\r\nIn-Reply-To: <kith.1796000000.\(token)@example.org>\r\n"),
                message(4, "From: sam@phone.example\r\nSubject: Re: [kith \(token)] done Ada\r\nMessage-ID: <4@x>\r\n"),
                message(5, "From: sam@example.org\r\nSubject: a note to self\r\nMessage-ID: <5@x>\r\n"),
                message(6, "From: kith <sam@example.org>\r\nMessage-ID: <kith.1.\(token)@example.org>\r\n"),
                message(7, "From: eve@example.net\r\nIn-Reply-To: <kith.1796000000.\(token)@example.org>\r\n"),
                message(8, "From: sam@example.org\r\nReferences: <kith.1.aaaa@x> <kith.2.\(token)@x> <9@y>\r\n"),
            ], people: people, ownerAddresses: ["sam@example.org", "sam@phone.example"], now: now, folder: "INBOX",
            uidValidity: 7)
        #expect(incoming.map(\.messageID) == ["<1@x>"], "list traffic never counts")
        #expect(incoming.first?.personKey == "ada")
        #expect(incoming.first?.subject == "Lunch?")
        #expect(replies.map(\.uid) == [3, 4, 8], "the owner's mail with a token; not kith's own, not a stranger's")
        #expect(replies.allSatisfy { $0.tokens.contains(token) })
        #expect(replies.first?.messageID == "<uid.7.3@INBOX>")
        #expect(replies[1].author == "sam@phone.example")
    }

    @Test func tokensAreThirtyTwoHexDigitsAndNewEachTime() {
        let a = ReplyToken.make()
        #expect(a.count == 32 && a.allSatisfy(\.isHexDigit))
        #expect(a != ReplyToken.make())
        #expect(ReplyToken.inMessageID("<kith.12.\(a)@example.org>") == a)
        #expect(ReplyToken.inMessageID("<kith.12.abc@example.org>") == nil, "an old 64-bit tag is no token")
        #expect(ReplyToken.inSubject("Re: [KITH \(a.uppercased())] done Ada") == a)
        #expect(ReplyToken.inSubject("[kith nothex]") == nil)
    }
}
