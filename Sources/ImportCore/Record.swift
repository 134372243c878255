/// The ordered names of a record's fields, shared by every record that has the same shape.
///
/// A CSV file has one instance for all its rows (its header); the XML reader reuses the previous
/// instance while consecutive records have the same fields. Later stages can therefore cache
/// per-shape work (column lookups) by identity: `lhs === rhs` is a cheap test for "same shape".
public final class FieldNames: Sendable {
    /// The names in file order.
    public let names: [String]
    private let positions: [String: Int]

    /// Creates a shape from names. When a name repeats, the first position wins; readers report
    /// duplicate names before they get here.
    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        positions.reserveCapacity(names.count)
        for (index, name) in names.enumerated() where positions[name] == nil {
            positions[name] = index
        }
        self.positions = positions
    }

    /// The number of fields.
    public var count: Int { names.count }

    /// The position of `name`, or nil when the record has no such field.
    public func position(of name: String) -> Int? { positions[name] }

    /// True when `other` lists the same names in the same order.
    public func hasSameNames(as other: [String]) -> Bool { names == other }
}

/// One record of an input file: a list of (name, value) pairs and where it came from.
///
/// This is the typed boundary between the read stage and the map stage: readers produce it and
/// know nothing of what follows.
public struct Record: Sendable {
    /// The field names, shared between records of the same shape.
    public let names: FieldNames
    /// The values, parallel to `names.names`.
    public var values: [String]
    /// Physical line (1-based) of the record's first byte.
    public var line: Int
    /// The record's position among the file's data records (1-based; a CSV header is not one).
    public var number: Int

    public init(names: FieldNames, values: [String], line: Int, number: Int) {
        precondition(names.count == values.count, "a record has one value per field name")
        self.names = names
        self.values = values
        self.line = line
        self.number = number
    }

    /// The value of the field called `name`, or nil when the record has no such field.
    public subscript(name: String) -> String? {
        names.position(of: name).map { values[$0] }
    }

    /// The fields as (name, value) pairs, in file order.
    public var fields: Zip2Sequence<[String], [String]> { zip(names.names, values) }
}
