import Foundation
import KithCore
import Testing

/// Real names read naturally in the digest's sentences, and lookups find people as users type them.
@Suite struct NamesTests {
    @Test(
        arguments: [
            ("Ada Lovelace", nil, "Ada"),
            ("Dr. Ada Lovelace", nil, "Ada"),
            ("Prof Grace Hopper", nil, "Grace"),
            ("Dr. Smith", nil, "Dr. Smith"),
            ("Robert Smith Jr.", "Bob", "Bob"),
            ("Madonna", nil, "Madonna"),
            ("李小龙", nil, "李小龙"),
        ] as [(String, String?, String)])
    func theDigestCallsPeopleWhatTheyAreCalled(name: String, nickname: String?, called: String) throws {
        let nick = nickname.map { #", "nickname": "\#($0)""# } ?? ""
        let cfg = try parseConfig(
            config(people: [#"{ "name": "\#(name)", "every": "1w", "lastContact": "2026-10-01"\#(nick) }"#]))
        #expect(cfg.people[0].callName == called)
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-30"))
        let renderer = try DigestRenderer(config: cfg)
        #expect(renderer.subject(digest).hasPrefix("kith: \(called) ("))
        let text = renderer.text(digest)
        #expect(text.contains("* \(name): "), "the list shows the full name")
        #expect(!text.contains("Dr.."), "\(text)")
    }

    @Test func lookupIgnoresAccentsAndCaseAndFindsNicknamesAndFormerNames() throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Tomás Ñúñez", "every": "1w" }"#,
                #"{ "name": "Robert Smith Jr.", "nickname": "Bob", "aka": ["Bobby Smith"], "every": "1w" }"#,
                #"{ "name": "Tomasz Kowalski", "every": "1w" }"#,
            ]))
        #expect(try PersonMatch.find("tomas nunez", in: cfg.people).name == "Tomás Ñúñez")
        #expect(try PersonMatch.find("TOMÁS", in: cfg.people).name == "Tomás Ñúñez", "exact beats a prefix")
        #expect(try PersonMatch.find("bob", in: cfg.people).name == "Robert Smith Jr.")
        #expect(try PersonMatch.find("Bobby Smith", in: cfg.people).name == "Robert Smith Jr.")
        #expect(throws: PersonMatch.Failure.self) { try PersonMatch.find("tom", in: cfg.people) }
        do {
            _ = try PersonMatch.find("tom", in: cfg.people)
        } catch {
            #expect(error.message.contains("\"Tomás Ñúñez\"") && error.message.contains("\"Tomasz Kowalski\""))
        }
    }
}

@Suite struct GreetingTests {
    @Test(arguments: [(7, "Good morning"), (13, "Good afternoon"), (18, "Good evening"), (23, "Good evening")])
    func theGreetingFollowsTheHourAndTheOwnersNickname(hour: Int, greeting: String) throws {
        let cfg = try parseConfig(
            """
            { "owner": { "name": "Dr. Samantha Rivera", "nickname": "Sam" }, "timezone": "UTC",
              "people": [ { "name": "Ada", "every": "1w", "lastContact": "2026-10-01" } ] }
            """)
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-30"), hour: hour)
        let renderer = try DigestRenderer(config: cfg)
        #expect(renderer.text(digest).hasPrefix("\(greeting), Sam. "))
        #expect(renderer.html(digest).contains("\(greeting), Sam."))
    }
}

/// After a meeting: one nudge a step of the follow-up series, each in its own words.
@Suite struct FollowUpSeriesTests {
    @Test func eachStepIsOneNudgeWithItsOwnWording() throws {
        let cfg = try parseConfig(
            config(
                people: [#"{ "name": "Grace Hopper", "every": "3m", "met": "2026-11-01", "metAt": "PyCon" }"#],
                extra: #""followUp": { "after": ["2d", "2w", "2m"] }, "#))
        func digest(_ day: String, shown: String?) -> Digest {
            var state = ContactState()
            if let shown { state.lastShown = ["grace hopper": date(shown)] }
            return Digest.build(config: cfg, state: state, today: date(day))
        }
        let first = try #require(digest("2026-11-03", shown: nil).followUps.first)
        #expect(first.suggestion.contains("while it is fresh"))
        // Shown on the 3rd: not again after the three rest days, while the step is the same.
        #expect(digest("2026-11-07", shown: "2026-11-03").followUps.isEmpty)
        #expect(digest("2026-11-12", shown: "2026-11-03").followUps.isEmpty)
        let second = try #require(digest("2026-11-15", shown: "2026-11-03").followUps.first)
        #expect(second.suggestion.contains("Keep the thread going"))
        let third = try #require(digest("2027-01-01", shown: "2026-11-15").followUps.first)
        #expect(third.suggestion.contains("Check in"))
        #expect(Set([first.suggestion, second.suggestion, third.suggestion]).count == 3)
    }
}

/// "Nothing has been logged for N days" is said at most once a week.
@Suite struct StaleNoteTests {
    @Test func theStalenessNoteIsSaidAtMostOnceAWeek() throws {
        let cfg = try parseConfig(config(people: [#"{ "name": "Ada", "every": "1w", "lastContact": "2026-10-01" }"#]))
        var state = ContactState(lastLogged: date("2026-10-01"))
        #expect(Digest.build(config: cfg, state: state, today: date("2026-11-30")).staleDays == 60)
        state.lastStaleNote = date("2026-11-27")
        #expect(Digest.build(config: cfg, state: state, today: date("2026-11-30")).staleDays == nil)
        #expect(Digest.build(config: cfg, state: state, today: date("2026-12-04")).staleDays == 64)
    }
}

@Suite struct AkaTests {
    @Test func aFormerNameThatIsSomeoneElsesNameIsAProblem() {
        let found = problems(
            config(people: [
                #"{ "name": "Ada King", "aka": ["Ada Lovelace"], "every": "1w" }"#,
                #"{ "name": "ada  lovelace", "every": "1w" }"#,
            ]))
        #expect(found.count == 1)
        #expect(found.first?.path == "people[0].aka")
        #expect(found.first?.message.contains("people[1]") == true)
        #expect(problems(config(people: [#"{ "name": "Ada King", "aka": ["Ada Lovelace"], "every": "1w" }"#])).isEmpty)
    }
}

/// Birthdays and dates are actions: within `maxPeople`, the person once, and first on the day.
@Suite struct DateActionTests {
    @Test func aBirthdayCountsWithinMaxPeopleAndComesFirstOnTheDay() throws {
        let people =
            (1...5).map { #"{ "name": "Person \#($0)", "every": "1w", "lastContact": "2026-10-0\#($0)" }"# } + [
                #"{ "name": "Mia Wong", "nickname": "Mia", "every": "1w", "lastContact": "2026-10-01", "birthday": "12-04" }"#
            ]
        let cfg = try parseConfig(config(people: people, extra: #""digest": { "maxPeople": 4 }, "#))
        let ahead = Digest.build(config: cfg, state: .empty, today: date("2026-11-30"))
        #expect(ahead.dates.map(\.person.name) == ["Mia Wong"])
        #expect(ahead.nudges.count == 3, "the birthday takes one of the four places")
        #expect(!ahead.nudges.contains { $0.person.name == "Mia Wong" }, "Mia is in the digest once, for her birthday")
        let renderer = try DigestRenderer(config: cfg)
        let text = renderer.text(ahead)
        #expect(text.contains("* Friday 4 Dec: Mia Wong's birthday; send Mia a note"), "\(text)")
        #expect(text.range(of: "COMING UP")!.lowerBound > text.range(of: "TIME TO REACH OUT")!.lowerBound)
        let onTheDay = renderer.text(Digest.build(config: cfg, state: .empty, today: date("2026-12-04")))
        #expect(onTheDay.contains("Mia Wong's birthday; send Mia a note today"))
        #expect(onTheDay.range(of: "COMING UP")!.lowerBound < onTheDay.range(of: "TIME TO REACH OUT")!.lowerBound)
        #expect(
            renderer.html(Digest.build(config: cfg, state: .empty, today: date("2026-12-04"))).contains(
                "send Mia a note today"))
    }
}

/// The same person is not told the same thing twice within 30 days while something else fits.
@Suite struct SuggestionVarietyTests {
    @Test func aSuggestionGivenLatelyMakesWayForAnother() throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Hedy Lamarr", "every": "1w", "lastContact": "2026-10-01", "tags": ["radio", "film"] }"#
            ]))
        let today = date("2026-11-30")
        let fresh = try #require(Digest.build(config: cfg, state: .empty, today: today).nudges.first?.suggestion)
        #expect(fresh.contains("about radio"))
        var state = ContactState()
        state.recentSuggestions = ["hedy lamarr": [ShownSuggestion(day: today.adding(days: -5), text: fresh)]]
        let next = try #require(Digest.build(config: cfg, state: state, today: today).nudges.first?.suggestion)
        #expect(next != fresh)
        #expect(next.contains("about film"))
        state.recentSuggestions = ["hedy lamarr": [ShownSuggestion(day: today.adding(days: -40), text: fresh)]]
        #expect(
            Digest.build(config: cfg, state: state, today: today).nudges.first?.suggestion == fresh, "after 30 days")
    }

    @Test func whenEverySuggestionWasGivenLatelyTheFirstComesBack() throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Hedy Lamarr", "every": "1w", "lastContact": "2026-10-01", "tags": ["radio"], "field": "film" }"#
            ]))
        let today = date("2026-11-30")
        var state = ContactState()
        var given: [String] = []
        // Each day's suggestion is remembered, so the next one differs, until none is left.
        while true {
            let next = try #require(Digest.build(config: cfg, state: state, today: today).nudges.first?.suggestion)
            if given.contains(next) {
                #expect(next == given[0], "with all given lately, the best fitting one again")
                break
            }
            given.append(next)
            state.recentSuggestions["hedy lamarr", default: []].append(ShownSuggestion(day: today, text: next))
        }
        #expect(given.count == 5, "\(given)")
        #expect(given[0].contains("about radio") && given[1].contains("new in film"))
    }
}

/// Every suggestion reads as a sentence for awkward names and notes: a table of names (titles,
/// suffixes, one word, family name first, non-Latin) and notes (sentences, fragments, trailing
/// punctuation), rendered through each kind of nudge, checked for what goes wrong in templates.
@Suite struct GrammarTableTests {
    static let names = ["Dr. Ada Lovelace", "Robert Smith Jr.", "Madonna", "山田 太郎", "Tanaka Yuki"]
    static let notes = ["sent me the draft.", "the intro to Bob", "Helped with the move!", "a lead?"]

    @Test(arguments: names)
    func eachSentenceReadsRight(name: String) throws {
        for note in Self.notes {
            let people = [
                // Thank: they gave last.
                #"{ "name": "\#(name)", "every": "1w", "lastContact": "2026-10-01", "notes": "\#(note)" }"#
            ]
            let cfg = try parseConfig(config(people: people))
            let key = name.lowercased()
            for state in [
                ContactState(),
                ContactState(
                    lastInteraction: [key: date("2026-11-29")],
                    recent: [key: [LoggedContact(date: date("2026-11-29"), kind: .received, note: note)]]),
                ContactState(
                    lastInteraction: [key: date("2026-11-01")],
                    recent: [
                        key: [
                            LoggedContact(date: date("2026-10-20"), kind: .asked, note: note),
                            LoggedContact(date: date("2026-11-01"), kind: .asked, note: note),
                        ]
                    ]),
            ] {
                let digest = Digest.build(config: cfg, state: state, today: date("2026-11-30"))
                let text = try DigestRenderer(config: cfg).text(digest)
                for sentence in digest.nudges.map(\.suggestion) + [text] {
                    #expect(!sentence.contains(".."), "\(sentence)")
                    #expect(!sentence.contains(" ."), "\(sentence)")
                    #expect(!sentence.contains("!.") && !sentence.contains("?."), "\(sentence)")
                    #expect(!sentence.contains("for sent"), "\(sentence)")
                    #expect(!sentence.contains("for Helped"), "\(sentence)")
                }
                #expect(!text.contains("\n\n\n"), "no empty section")
            }
        }
    }
}

/// Every part of the digest, for every kind of nudge and date, in both parts of the mail: the
/// checks a reader's eye makes (articles, plurals, doubled punctuation, empty sections, 72
/// columns, no HTML entities in the text part).
@Suite struct DigestWordingTableTests {
    /// What people write in fields meant for a noun (needs, tags, offers, field, a place, a
    /// date's label): fragments, some with trailing punctuation.
    static let fragments = ["the intro to Bob", "a lead?", "Rust.", "funding!", "ML; data"]

    /// One person in each role, so that every template sentence is rendered; `note` goes where
    /// free text goes, `fragment` where a noun does.
    static func roles(_ name: String, _ note: String, _ fragment: String) -> [String] {
        [
            // Follow-ups: each step of the series.
            #"{ "name": "\#(name)", "every": "1y", "met": "2026-11-28", "metAt": "\#(fragment)" }"#,
            #"{ "name": "\#(name)", "every": "1y", "met": "2026-11-16" }"#,
            #"{ "name": "\#(name)", "every": "1y", "met": "2026-09-30" }"#,
            // Overdue, with each kind of thing to give or ask about.
            #"{ "name": "\#(name)", "every": "1w", "lastContact": "2026-11-22", "needs": ["\#(fragment)"] }"#,
            #"{ "name": "\#(name)", "every": "1w", "lastContact": "2026-10-01", "tags": ["\#(fragment)"] }"#,
            #"{ "name": "\#(name)", "every": "1w", "lastContact": "2025-01-01", "notes": "\#(note)" }"#,
            #"{ "name": "\#(name)", "every": "1w", "lastContact": "2026-10-01", "offers": ["\#(fragment)"], "field": "\#(fragment)" }"#,
            // Dates: a birthday today, one tomorrow, a labelled date later this week.
            #"{ "name": "\#(name)", "every": "1y", "lastContact": "2026-11-20", "birthday": "11-30" }"#,
            #"{ "name": "\#(name)", "every": "1y", "lastContact": "2026-11-20", "birthday": "1990-12-01" }"#,
            #"{ "name": "\#(name)", "every": "1y", "lastContact": "2026-11-20", "dates": [ { "label": "\#(fragment)", "on": "12-03" } ] }"#,
            // A goal.
            #"{ "name": "\#(name)", "every": "1w", "lastContact": "2026-10-01", "goals": ["book"] }"#,
        ]
    }

    /// What must never appear, with why.
    static let wrong: [(pattern: String, what: String)] = [
        (#"(^|[^.])\.\.([^.]|$)"#, "a doubled full stop"),
        (#" [.,;:!?]"#, "a space before punctuation"),
        (#"[!?,;:]\."#, "a full stop after other punctuation"),
        // (After the name is masked: "Robert Smith Jr.: …" is right.)
        (#"[.!?,;][:;,]"#, "two punctuation marks in a row"),
        (#"\b[Aa] [aeioAEIO]"#, "'a' before a vowel"),
        (#"\b[Aa]n [b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]"#, "'an' before a consonant"),
        (#"\b1 (days|weeks|months|years|people|contacts)\b"#, "a plural after 1"),
        (#"\b([02-9]|\d\d+) (day|week|month|year|person|contact)\b"#, "a singular after a number other than 1"),
        (#"\bfor (sent|helped|Helped)\b"#, "a note read as a noun"),
    ]

    @Test(arguments: GrammarTableTests.names)
    func everySentenceInBothPartsReadsRight(name: String) throws {
        for (note, fragment) in zip(GrammarTableTests.notes + ["ok"], Self.fragments) {
            for (index, person) in Self.roles(name, note, fragment).enumerated() {
                let cfg = try parseConfig(
                    config(
                        people: [person],
                        extra:
                            #""goals": [ { "id": "book", "title": "Launch the book" } ], "digest": { "datesAhead": 7 }, "followUp": { "after": ["2d", "2w", "2m"] },"#
                    ))
                let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-30"))
                let renderer = try DigestRenderer(config: cfg)
                let text = renderer.text(digest)
                let html = renderer.html(digest)
                let htmlText = html.replacing(/<[^>]*>/, with: "")
                #expect(!digest.nudges.isEmpty || !digest.dates.isEmpty, "role \(index) is in the digest")
                for (pattern, what) in Self.wrong {
                    let regex = try Regex(pattern)
                    for part in [text, htmlText] + digest.nudges.map(\.suggestion) {
                        let part = what.hasPrefix("two") ? part.replacingOccurrences(of: name, with: "NAME") : part
                        #expect(
                            !part.contains(regex), "\(what) for \(name), \(note), \(fragment), role \(index): \(part)")
                    }
                }
                #expect(!text.contains("\n\n\n"), "no empty section: \(text)")
                #expect(!text.contains(/&[a-z]+;|&#/), "no HTML entities in the text part: \(text)")
                for line in text.split(separator: "\n") where TextWrap.columns(line) > 72 {
                    #expect(!line.trimmingCharacters(in: .whitespaces).contains(" "), "over 72 columns: \(line)")
                }
            }
        }
    }
}

/// The new keys refuse what they cannot use, each with its place.
@Suite struct NewKeysBadInputTests {
    @Test func badValuesOfTheNewKeysAreProblemsAtTheirPlace() {
        let bad = """
            { "owner": { "name": "Sam", "emails": ["not an address"], "nickname": "S\\nam" }, "timezone": "UTC",
              "imap": { "url": "imaps://127.0.0.1", "address": "nope" },
              "defaults": { "importCircle": "nosuch", "other": 1 },
              "people": [ { "name": "Ada", "every": "1w", "nameOrder": "sideways", "phone": "1\\n2", "aka": "Ada L" } ] }
            """
        let paths = Set(problems(bad).map(\.path))
        for path in [
            "owner.emails[0]", "owner.nickname", "imap.address", "defaults.importCircle", "defaults.other",
            "people[0].nameOrder", "people[0].phone", "people[0].aka",
        ] {
            #expect(paths.contains(path), "no problem at \(path): \(paths)")
        }
    }
}
