import ArgumentParser
import KithCore

extension ExitCode {
    /// The exit code for one of kith's statuses, so no command writes a bare number.
    init(_ status: ExitStatus) {
        self.init(status.rawValue)
    }
}
