import KithCore
import Testing

/// The shape check every address in the config goes through.
@Suite struct EmailAddressTests {
    @Test(arguments: [
        "ada@example.org", "a.b-c+tag@mail.example.co.uk", "sam@localhost", "SAM@LocalHost", "zoë@exämple.org", "a@b.c",
    ])
    func addressesOfTheUsualShapeAreTaken(address: String) {
        #expect(EmailAddress.isValid(address))
    }

    @Test(arguments: [
        "", "ada", "ada@", "@example.org", "ada@example", "ada@localhosts", "ada@.example.org", "ada@example..org",
        "ada@example.org.", "ada@-example.org", "ada@example-.org", ".ada@example.org", "ada.@example.org",
        "a da@example.org", "ada@exa mple.org", "ada\n@example.org", "ada@example.org\r", "<ada>@example.org",
        String(repeating: "a", count: 65) + "@example.org",
        "ada@" + String(repeating: "a.", count: 127) + "org",
    ])
    func malformedAddressesAreRefused(address: String) {
        #expect(!EmailAddress.isValid(address), "\(address)")
    }
}
