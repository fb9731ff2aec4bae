/// kith's version: the one place it is written. `kith --version` adds the git revision of the
/// checkout it was built from, when there is one.
public enum KithVersion {
    public static let number = "0.6.0"
}
