/// How often to be in touch: `Nd`, `Nw`, `Nm` (calendar months) or `Ny`.
public struct Cadence: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: Character, Sendable {
        case day = "d"
        case week = "w"
        case month = "m"
        case year = "y"
    }

    public let count: Int
    public let unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// What went wrong when reading a duration.
    public enum ParseFailure: Error, Sendable {
        case malformed
        case notPositive
    }

    /// Parses `2w`, `10d`, `3m`, `1y`. The count must be a whole number of at least 1.
    public static func parse(_ text: String) -> Result<Cadence, ParseFailure> {
        guard let last = text.last, let unit = Unit(rawValue: Character(last.lowercased())) else {
            return .failure(.malformed)
        }
        let number = text.dropLast()
        guard !number.isEmpty, number.utf8.count <= 6,
            number.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let count = Int(number)
        else {
            if let signed = Int(number), signed <= 0 { return .failure(.notPositive) }
            return .failure(.malformed)
        }
        guard count > 0 else { return .failure(.notPositive) }
        return .success(Cadence(count: count, unit: unit))
    }

    /// The date one cadence after `date`, in calendar arithmetic.
    public func after(_ date: LocalDate) -> LocalDate {
        switch unit {
        case .day: return date.adding(days: count)
        case .week: return date.adding(days: 7 * count)
        case .month: return date.adding(months: count)
        case .year: return date.adding(months: 12 * count)
        }
    }

    /// A nominal length in days, for spreading first contacts over the cadence.
    public var nominalDays: Int {
        switch unit {
        case .day: return count
        case .week: return 7 * count
        case .month: return 30 * count
        case .year: return 365 * count
        }
    }

    /// `2w`.
    public var description: String { "\(count)\(unit.rawValue)" }

    /// `every 2 weeks`.
    public var phrase: String {
        let noun: String
        switch unit {
        case .day: noun = "day"
        case .week: noun = "week"
        case .month: noun = "month"
        case .year: noun = "year"
        }
        return count == 1 ? "every \(noun)" : "every \(count) \(noun)s"
    }
}
