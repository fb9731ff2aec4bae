import ArgumentParser
import Foundation
import KithCore
import KithStore

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The config file (default: $CONFIGURATION_DIRECTORY, $XDG_CONFIG_HOME/kith, /etc/kith).")
    var config: String?

    @Option(name: .long, help: "The state directory (default: $STATE_DIRECTORY, $XDG_STATE_HOME/kith).")
    var state: String?

    /// The state directory in force, or exits 78 when none can be found.
    func stateDirectory() throws -> String {
        if let state { return state }
        guard let directory = Store.defaultDirectory(environment: ProcessInfo.processInfo.environment) else {
            Output.error("kith: no state directory: pass --state DIR or set STATE_DIRECTORY or XDG_STATE_HOME")
            throw ExitCode(.configuration)
        }
        return directory
    }

    /// Opens the store to read and write, creating it if needed, or exits with the store's status.
    func openStore() throws -> Store {
        let directory = try stateDirectory()
        return try store { () throws(StoreError) in try Store(directory: directory) }
    }

    /// `openStore()`, with the history of people renamed by hand (`aka`) moved to their names.
    func openStore(for config: Config) throws -> Store {
        let opened = try openStore()
        try store { () throws(StoreError) in try opened.adoptAliases(config.people) }
        return opened
    }

    /// Opens the store only to read, or returns nil when there is none yet (it is not created
    /// for this). Read-only commands use it, so they work on a read-only or full disk.
    func readStore() throws -> Store? {
        guard let directory = state ?? Store.defaultDirectory(environment: ProcessInfo.processInfo.environment) else {
            return nil
        }
        return try store { () throws(StoreError) in try Store.openForReading(directory: directory) }
    }

    /// Runs a store operation. A failure is reported and exits with the store's status: 75 when
    /// it is busy or cannot be written now (worth trying again), 74 when it is broken.
    func store<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            Output.error("kith: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
    }

    /// What the store knows (nothing when there is no store yet), with people it has not seen
    /// yet taken as first seen today, as the daemon will record them: a look ahead with `--at`
    /// then shows what will really happen.
    func contactState(for config: Config) throws -> ContactState {
        let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
        guard let store = try readStore() else { return ContactState.empty.assumingFirstSeen(config.people, on: today) }
        return try self.store { () throws(StoreError) in try store.contactState() }
            .adoptingAliases(config.people).assumingFirstSeen(config.people, on: today)
    }

    /// Loads the config, or prints every problem and exits with `failure`.
    /// The config, kept until the command exits (see `Output.keepUntilExit`).
    func loadConfig(failure: ExitStatus = .configuration) throws -> Config {
        do {
            let loaded: Config
            if config == "-" {
                // The daemon hands its own copy of the config to `kith deliver` on stdin.
                loaded = try ConfigLoader.load(bytes: ConfigLoader.readStandardInput(), path: "(standard input)")
            } else {
                let path = try ConfigLoader.resolvePath(
                    explicit: config, environment: ProcessInfo.processInfo.environment)
                loaded = try ConfigLoader.load(path: path)
            }
            Output.keepUntilExit(loaded)
            return loaded
        } catch {
            Output.error(error.description)
            let count = error.problems.count
            Output.error(count == 1 ? "kith: 1 problem in the config." : "kith: \(count) problems in the config.")
            throw ExitCode(failure)
        }
    }

    /// The digest renderer for `config` (its own templates, if it names any), or exits with `failure`.
    func renderer(for config: Config, failure: ExitStatus = .configuration) throws -> DigestRenderer {
        do {
            return try DigestRenderer(config: config)
        } catch {
            Output.error(error.description)
            throw ExitCode(failure)
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
