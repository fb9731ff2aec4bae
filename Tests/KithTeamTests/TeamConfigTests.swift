import Foundation
import KithCore
import KithTeam
import Testing

@Suite struct TeamConfigTests {
    static let valid = """
        { "database": "host=127.0.0.1 port=5432 dbname=kith user=kith",
          "databasePasswordFile": "/etc/kith/database-password",
          "smtp": { "url": "smtp://127.0.0.1:2525", "tls": "none", "from": "kith <kith@example.org>" },
          "members": "members.d",
          "team": { "respectColleaguesDays": 5, "leaseSeconds": 20 } }
        """

    @Test func aValidTeamFileIsRead() throws {
        let team = try TeamConfig.parse(bytes: Array(Self.valid.utf8), file: "team.json")
        #expect(team.database == "host=127.0.0.1 port=5432 dbname=kith user=kith")
        #expect(team.smtp.url == "smtp://127.0.0.1:2525")
        #expect(team.respectColleaguesDays == 5)
        #expect(team.leaseSeconds == 20)
        var placed = team
        placed.sourcePath = "/srv/kith/team.json"
        #expect(placed.membersPath == "/srv/kith/members.d")
    }

    @Test(arguments: [
        "host=db user=kith password=hunter2",
        "postgresql://kith:hunter2@db/kith",
        "postgres://db/kith?password=hunter2",
    ])
    func aPasswordInTheConnectionStringIsRefused(database: String) {
        let text = Self.valid.replacingOccurrences(
            of: "host=127.0.0.1 port=5432 dbname=kith user=kith", with: database)
        #expect {
            _ = try TeamConfig.parse(bytes: Array(text.utf8), file: "team.json")
        } throws: { error in
            let problems = (error as? ConfigError)?.problems ?? []
            return problems.contains { $0.path == "database" && $0.message.contains("databasePasswordFile") }
                && !"\(error)".contains("hunter2")
        }
    }

    @Test func missingAndUnknownKeysAreNamed() {
        let text = #"{ "databse": "x", "smtp": { "url": "smtp://127.0.0.1", "from": "a@b.org" } }"#
        #expect {
            _ = try TeamConfig.parse(bytes: Array(text.utf8), file: "team.json")
        } throws: { error in
            let problems = (error as? ConfigError)?.problems ?? []
            let paths = Set(problems.map(\.path))
            return paths.contains("database") && paths.contains("members") && paths.contains("databse")
                && problems.contains { $0.message.contains("did you mean \"database\"") }
        }
    }

    @Test func aTeamMailboxNeedsItsAddress() throws {
        let without = Self.valid.replacingOccurrences(
            of: #""members": "members.d","#, with: #""members": "members.d", "imap": { "url": "imaps://127.0.0.1" },"#)
        #expect {
            _ = try TeamConfig.parse(bytes: Array(without.utf8), file: "team.json")
        } throws: { error in
            (error as? ConfigError)?.problems.contains { $0.path == "imap" && $0.message.contains("\"address\"") }
                ?? false
        }
        let with = without.replacingOccurrences(
            of: #""url": "imaps://127.0.0.1""#, with: #""url": "imaps://127.0.0.1", "address": "team@example.org""#)
        let team = try TeamConfig.parse(bytes: Array(with.utf8), file: "team.json")
        #expect(team.imap?.address == "team@example.org")
    }

    @Test func aMemberFileWithMailSettingsIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-members-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{ "owner": { "name": "Ann", "email": "ann@example.org" }, "timezone": "UTC", "people": [] }"#
            .write(to: folder.appendingPathComponent("ann.json"), atomically: true, encoding: .utf8)
        try #"""
        { "owner": { "name": "Bo", "email": "bo@example.org" }, "timezone": "UTC",
          "smtp": { "url": "smtp://mail.example.org", "from": "bo@example.org" }, "people": [] }
        """#.write(to: folder.appendingPathComponent("bo.json"), atomically: true, encoding: .utf8)
        var team = try TeamConfig.parse(bytes: Array(Self.valid.utf8), file: "team.json")
        team.members = folder.path
        #expect {
            _ = try TeamMembers.load(team: team)
        } throws: { error in
            (error as? ConfigError)?.problems.contains { $0.path == "bo.json: smtp" } ?? false
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bo.json"))
        let members = try TeamMembers.load(team: team)
        #expect(members.map(\.name) == ["ann"])
        #expect(members[0].config.smtp?.url == "smtp://127.0.0.1:2525", "the team's smtp applies")
    }
}
