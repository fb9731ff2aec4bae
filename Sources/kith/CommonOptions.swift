import ArgumentParser
import Foundation
import KithCore

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The config file (default: $CONFIGURATION_DIRECTORY, $XDG_CONFIG_HOME/kith, /etc/kith).")
    var config: String?

    /// Loads the config, or prints every problem and exits with `code`.
    func loadConfig(failureCode: Int32) throws -> Config {
        do {
            let path = try ConfigLoader.resolvePath(explicit: config, environment: ProcessInfo.processInfo.environment)
            return try ConfigLoader.load(path: path)
        } catch {
            Output.error(error.description)
            let count = error.problems.count
            Output.error(count == 1 ? "kith: 1 problem in the config." : "kith: \(count) problems in the config.")
            throw ExitCode(failureCode)
        }
    }

    /// The digest renderer for `config` (its own templates, if it names any), or exits with `code`.
    func renderer(for config: Config, failureCode: Int32) throws -> DigestRenderer {
        do {
            return try DigestRenderer(config: config)
        } catch {
            Output.error(error.description)
            throw ExitCode(failureCode)
        }
    }
}

/// `--at`: the moment a command acts as of, in the config's zone.
struct TimeOptions: ParsableArguments {
    @Option(name: .long, help: "Act as of this local time, e.g. 2026-11-23T07:30 (default: now).")
    var at: String?

    func validate() throws {
        if let at, LocalDateTime(iso: at) == nil {
            throw ValidationError(
                "\"\(at)\" is not a local date and time; write it as YYYY-MM-DDTHH:MM, e.g. 2026-11-23T07:30")
        }
    }

    /// The local time and the instant it names.
    func moment(in config: Config) -> (local: LocalDateTime, instant: Date) {
        let clock = ZoneClock(timeZone: config.timeZone)
        if let at, let local = LocalDateTime(iso: at) {
            return (local, clock.instant(local))
        }
        let now = Date()
        return (clock.local(now), now)
    }
}
