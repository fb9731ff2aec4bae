import Foundation
import KithCore

/// Parses a config held in a string, with UTC as the system zone.
func parseConfig(_ json: String) throws(ConfigError) -> Config {
    try ConfigLoader.parse(bytes: Array(json.utf8), file: "test.json", systemTimeZone: TimeZone(identifier: "UTC")!)
}

/// The problems a config has, or an empty list when it is valid.
func problems(_ json: String) -> [ConfigProblem] {
    do {
        _ = try parseConfig(json)
        return []
    } catch {
        return error.problems
    }
}

/// A small valid config with the given people (JSON objects) and extra top-level keys.
func config(people: [String], extra: String = "", timezone: String = "UTC") -> String {
    """
    {
      "owner": { "name": "Sam Rivera", "email": "sam@example.org" },
      "timezone": "\(timezone)",
      "circles": { "inner": { "every": "2w" }, "friends": { "every": "1m" }, "network": { "every": "3m" } },
      \(extra)
      "people": [ \(people.joined(separator: ",\n")) ]
    }
    """
}

func date(_ text: String) -> LocalDate {
    LocalDate(iso: text)!
}

func fixture(_ name: String) -> String {
    let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
    return url.path
}
