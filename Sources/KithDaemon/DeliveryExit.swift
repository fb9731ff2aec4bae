/// Exit codes of `kith deliver` beyond the sysexits ones it shares with `kith send`.
public enum DeliveryExit {
    /// The digest was not there to claim: sent already, or being sent by a live process.
    public static let notClaimed: Int32 = 73
}
