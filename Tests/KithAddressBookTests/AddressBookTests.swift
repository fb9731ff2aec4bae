import Foundation
import KithAddressBook
import KithCore
import Testing

/// Each format read from fixtures written for these tests, and files that are not what they seem.
@Suite struct AddressBookTests {
    private func read(_ name: String, _ format: AddressBookFormat? = nil) throws -> ImportedFile {
        let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
        return try AddressBook.read(Array(try Data(contentsOf: url)), file: name, format: format)
    }

    @Test func vCard21QuotedPrintableCharsetsPreferredMailAndAPhotoSkipped() throws {
        let file = try read("v21.vcf")
        #expect(file.format == .vcard)
        let contact = try #require(file.contacts.first)
        #expect(contact.name == "Jürgen Müller")
        #expect(contact.emails == ["juergen@work.example", "juergen@home.example"], "PREF first")
        #expect(contact.phones == ["+49 170 1234567"])
        #expect(contact.notes == ["Met at the Leipzig fair, talked about\r\norgan music and the Thomanerchor."])
        #expect(contact.birthday == Birthday(month: 4, day: 12, year: 1985))
    }

    @Test func vCard30EscapesStructuredNamesCategoriesAndCardsWithoutANameSkipped() throws {
        let file = try read("v30.vcf")
        #expect(file.contacts.map(\.name) == ["Ada Lovelace", "Rear Admiral Grace Brewster Murray Hopper"])
        let ada = file.contacts[0]
        #expect(ada.emails == ["ada@engines.example", "ada@example.org"])
        #expect(ada.nickname == "Ada")
        #expect(ada.birthday == Birthday(month: 12, day: 10, year: 1815))
        #expect(
            ada.notes == [
                "Mathematician at Analytical Engines, Ltd., Research", "Likes poetry; ask about\nher father's letters",
            ])
        #expect(ada.categories == ["FRIENDS", "Science"])
        #expect(file.skipped.map(\.line) == [20])
        #expect(file.skipped.first?.reason == "a card with no name (FN or N)")
    }

    @Test func vCard40PreferenceURIsAndBirthdaysWithoutAYear() throws {
        let file = try read("v40.vcf")
        let kj = file.contacts[0]
        #expect(kj.emails == ["katherine@example.org", "kj@nasa.example"])
        #expect(kj.phones == ["+1-555-555-0100"])
        #expect(kj.birthday == Birthday(month: 8, day: 26, year: nil))
        #expect(file.contacts[1].birthday == Birthday(month: 6, day: 8, year: nil))
    }

    @Test func googleBothHeaderStyles() throws {
        let new = try read("google-new.csv")
        #expect(new.format == .google)
        let linus = new.contacts[0]
        #expect(linus.name == "Linus Carl Pauling")
        #expect(linus.emails == ["linus@example.org", "lp@caltech.example", "pauling@old.example"])
        #expect(linus.birthday == Birthday(month: 2, day: 28, year: 1901))
        #expect(linus.notes == ["Professor at Caltech", "Two Nobel prizes, ask about vitamin C"])
        #expect(linus.categories == ["Friends"])
        #expect(new.contacts[1].birthday == Birthday(month: 11, day: 9, year: nil))
        #expect(new.skipped.map(\.line) == [4])
        let old = try read("google-old.csv")
        #expect(old.contacts.first?.name == "Margaret Hamilton")
        #expect(old.contacts.first?.nickname == "Maggie")
        #expect(old.contacts.first?.categories == ["My Contacts", "Work"])
    }

    @Test func linkedInWithItsPreambleAByteOrderMarkAndQuotedLineBreaks() throws {
        let file = try read("linkedin.csv")
        #expect(file.format == .linkedin)
        #expect(file.contacts.map(\.name) == ["Barbara Liskov", "Donald Knuth", "Ada Lovelace"])
        #expect(file.contacts[0].notes == ["Institute Professor, Emerita at MIT"])
        #expect(file.contacts[0].firstSeen == LocalDate(iso: "2021-03-12"))
        #expect(file.contacts[1].emails.isEmpty, "a row without an address still imports")
        #expect(file.contacts[1].notes == ["Professor\n(Emeritus) at Stanford"])
        #expect(file.skipped.count == 1)
    }

    @Test func windows1252IsReadAndBrokenFilesAreNamedWithTheirLine() throws {
        let latin = try read("latin1.csv", .google)
        #expect(latin.contacts.first?.name == "José Müller")
        #expect(latin.contacts.first?.notes == ["Café owner – ¡olé!"])
        for (name, line, words) in [
            ("truncated.vcf", 1, "no END:VCARD"), ("photo.png", 3, "not a text file"),
            ("unknown.csv", 1, "cannot tell what this is"),
        ] {
            do {
                _ = try read(name)
                Issue.record("\(name) was read")
            } catch let error as ImportError {
                #expect(error.line == line, "\(name): \(error)")
                #expect(error.description.hasPrefix("\(name):\(line): "))
                #expect(error.message.contains(words), "\(error)")
            }
        }
        #expect(throws: ImportError.self) { try read("unknown.csv", .linkedin) }
    }
}
