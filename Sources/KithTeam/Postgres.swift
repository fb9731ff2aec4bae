import CLibPQ
import Foundation

/// What went wrong talking to PostgreSQL: the server cannot be reached (or went away), or it
/// answered a statement with an error. Team mode stops claiming work on the first and reports
/// the second.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No connection, or it broke: try again later, claim nothing meanwhile.
        case connection
        /// The server refused a statement (`sqlState` says why).
        case statement
    }

    public let kind: Kind
    /// The five-character SQLSTATE, when the server sent one.
    public let sqlState: String?
    public let message: String

    public var description: String { message }

    /// A serialization failure or deadlock: the transaction may simply be run again.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
}

/// One result of a statement: rows of text values (NULL as nil), in the order selected.
public struct PostgresRows: Sendable {
    public let rows: [[String?]]
    /// How many rows an INSERT, UPDATE or DELETE touched.
    public let affected: Int

    public subscript(row: Int, column: Int) -> String? { rows[row][column] }
}

/// One libpq connection, used from one thread at a time. Parameters go separately from the SQL
/// (`PQexecParams`), as text; nothing is ever spliced into a statement.
public final class PostgresConnection: @unchecked Sendable {
    private var connection: OpaquePointer?
    private let conninfo: String
    private let password: String?

    /// Connects with a libpq connection string (`host=… port=… dbname=… user=…`). The password,
    /// if any, is passed apart from it, so it never appears in a string that is logged.
    public init(conninfo: String, password: String?) throws(PostgresError) {
        self.conninfo = conninfo
        self.password = password
        try connect()
    }

    deinit {
        if let connection { PQfinish(connection) }
    }

    private func connect() throws(PostgresError) {
        if let connection { PQfinish(connection) }
        // Keywords and values as two NULL-terminated arrays; expand_dbname lets `conninfo` be a
        // whole connection string or URI.
        var keywords = ["dbname", "connect_timeout", "application_name"]
        var values = [conninfo, "10", "kith-team"]
        if let password {
            keywords.append("password")
            values.append(password)
        }
        let keywordPointers = keywords.map { strdup($0) } + [nil]
        let valuePointers = values.map { strdup($0) } + [nil]
        defer {
            for pointer in keywordPointers { free(pointer) }
            for pointer in valuePointers { free(pointer) }
        }
        let made = keywordPointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { keys in
            valuePointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { vals in
                PQconnectdbParams(keys.baseAddress, vals.baseAddress, 1)
            }
        }
        connection = made
        guard let made, PQstatus(made) == CONNECTION_OK else {
            let message = made.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            throw PostgresError(kind: .connection, sqlState: nil, message: Self.oneLine(message))
        }
    }

    /// Whether the connection is up; when it broke, one attempt to make it again.
    public func ensureConnected() throws(PostgresError) {
        if let connection, PQstatus(connection) == CONNECTION_OK { return }
        try connect()
    }

    /// Runs one statement with `$1`, `$2`… parameters.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        guard let connection else { throw PostgresError(kind: .connection, sqlState: nil, message: "not connected") }
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in copies { free(pointer) } }
        let result = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let sqlState = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map {
                String(cString: $0)
            }
            let message = Self.oneLine(String(cString: PQerrorMessage(connection)))
            // Class 08 is a connection exception; 57P01–57P03 mean the server is going away.
            let lost =
                PQstatus(connection) != CONNECTION_OK
                || sqlState.map { $0.hasPrefix("08") || $0.hasPrefix("57P") }
                    ?? true
            throw PostgresError(kind: lost ? .connection : .statement, sqlState: sqlState, message: message)
        }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
            rows.append(values)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(rows: rows, affected: affected)
    }

    /// Runs `body` in a transaction, committed when it returns and rolled back when it throws.
    public func transaction<T>(_ body: () throws(PostgresError) -> T) throws(PostgresError) -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
