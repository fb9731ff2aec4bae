import Foundation
import KithTestSupport
import Testing

/// The man page (docs/man/kith.1, written by scripts/man from the same source as --help) knows
/// every command and option `kith --help` knows; the version and `help` behave as scripts expect.
@Suite struct ManPageTests {
    @Test func theManPageListsEveryCommandAndOptionOfTheHelp() throws {
        let dump = try KithBinary.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let page = try String(
            contentsOf: KithBinary.root.appendingPathComponent("docs/man/kith.1"), encoding: .utf8)
        var missing: [String] = []
        func walk(_ command: [String: Any]) {
            let name = command["commandName"] as? String ?? ""
            if name != "kith", command["shouldDisplay"] as? Bool ?? true, !page.contains(".It Em \(name)\n") {
                missing.append("command \(name)")
            }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                guard argument["shouldDisplay"] as? Bool ?? true else { continue }
                for spelling in argument["names"] as? [[String: Any]] ?? [] where spelling["kind"] as? String == "long"
                {
                    let long = spelling["name"] as? String ?? ""
                    if !page.contains("Fl -\(long) "), !page.contains("Fl -\(long)\n") {
                        missing.append("\(name) --\(long)")
                    }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub) }
        }
        walk(try #require(json["command"] as? [String: Any]))
        #expect(missing.isEmpty, "docs/man/kith.1 is out of date (run scripts/man): \(missing)")
    }

    @Test func noOptionsHelpSaysItsDefaultTwice() throws {
        let commands = [
            "check", "due", "preview", "send", "run", "log", "snooze", "history", "status", "repair", "scan", "add",
            "remove", "rename", "people", "import", "version",
        ]
        for command in commands {
            let help = try KithBinary.run([command, "--help"]).stdout
            let flat = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(
                flat.range(of: #"default[^()]*\)\.? \(default"#, options: .regularExpression) == nil,
                "\(command): \(flat)")
        }
    }

    @Test func versionAndHelp() throws {
        let version = try KithBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("kith 0."))
        #expect(try KithBinary.run(["version"]).stdout == version.stdout)
        let bogus = try KithBinary.run(["help", "bogus"])
        #expect(bogus.status == 64)
        #expect(bogus.stderr.contains("no command \"bogus\""))
        #expect(try KithBinary.run(["help", "log"]).status == 0)
    }
}
