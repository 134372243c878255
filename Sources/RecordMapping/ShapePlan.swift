import ImportCore

/// A mapping resolved against one record shape: every source is a position, so the per-row
/// path does no name lookups.
final class ShapePlan: Sendable {
    /// One value to map. A struct that the per-row loop reads in place (`fields[position].key`),
    /// so it retains nothing per step; binding a step to a local would copy (retain) each member.
    struct Step: Sendable {
        let key: String
        let index: Int
        let chain: TransformChain
        /// `/fields/birthdate: column "DOB" (field 5): ` — the start of this step's row errors.
        let errorPrefix: String

        init(key: String, index: Int, chain: TransformChain, errorPrefix: String) {
            self.key = key
            self.index = index
            self.chain = chain
            self.errorPrefix = errorPrefix
        }

        /// A copy sharing no heap object with `self`.
        func isolatedCopy() -> Step {
            Step(key: key.isolatedCopy(), index: index, chain: chain.isolatedCopy(), errorPrefix: errorPrefix.isolatedCopy())
        }
    }

    enum MetaStep: Sendable {
        case constant(key: String, value: InquiryDraft.MetaValue)
        case column(Step)
    }

    let names: FieldNames
    let fields: ContiguousArray<Step>
    let referenceID: Step?
    let meta: [MetaStep]

    init(names: FieldNames, fields: ContiguousArray<Step>, referenceID: Step?, meta: [MetaStep]) {
        self.names = names
        self.fields = fields
        self.referenceID = referenceID
        self.meta = meta
    }

    /// A copy sharing no heap object with `self` (except the shape), for one worker thread.
    func isolatedCopy() -> ShapePlan {
        ShapePlan(
            names: names,
            fields: ContiguousArray(fields.map { $0.isolatedCopy() }),
            referenceID: referenceID?.isolatedCopy(),
            meta: meta.map { entry in
                switch entry {
                case .constant(let key, let value): .constant(key: key.isolatedCopy(), value: value.isolatedCopy())
                case .column(let step): .column(step.isolatedCopy())
                }
            }
        )
    }

    static func step(key: String, index: Int, column: String, chain: TransformChain, instancePointer: String) -> Step {
        Step(key: key, index: index, chain: chain, errorPrefix: "\(instancePointer): column \"\(column)\" (field \(index + 1)): ")
    }

    /// Resolves a mapping file's columns against `names`. A missing column is a setup error,
    /// unless an earlier shape of the same input had it (`seenColumns`) or `allowMissing` is set:
    /// XML records may leave out optional elements, and such a record's value is simply absent.
    static func resolve(_ file: MappingFile, mappingFile: String, names: FieldNames, seenColumns: Set<String>, allowMissing: Bool = false) throws(MappingError) -> ShapePlan {
        var missing: [(pointer: String, column: String)] = []
        func bind(_ key: String, _ source: SourceSpec) -> Step? {
            guard let index = names.position(of: source.column) else {
                if !allowMissing && !seenColumns.contains(source.column) { missing.append((source.pointer, source.column)) }
                return nil
            }
            return step(key: key, index: index, column: source.column, chain: source.chain, instancePointer: source.instancePointer)
        }
        let fields = ContiguousArray(file.fields.compactMap { bind($0.key, $0.source) })
        let referenceID = file.referenceID.flatMap { bind("reference-id", $0) }
        let meta: [MetaStep] = file.meta.compactMap { entry in
            switch entry {
            case .constant(let key, let value): return .constant(key: key, value: value)
            case .column(let key, let source): return bind(key, source).map(MetaStep.column)
            }
        }
        if !missing.isEmpty {
            let list = missing.map { "\($0.pointer): column \"\($0.column)\"" }.joined(separator: ", ")
            let header = names.names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw MappingError("\(mappingFile): the input has no column for \(list); its columns are \(header). Fix the column names in the mapping file (they must match the header exactly, case included)")
        }
        return ShapePlan(names: names, fields: fields, referenceID: referenceID, meta: meta)
    }

    /// Header mode: Persona field keys map one to one; `reference-id` is the reference id;
    /// rejects-file columns are ignored; other columns are custom fields if the schema allows.
    static func resolveHeaders(names: FieldNames, allowsCustom: (String) -> Bool) throws(MappingError) -> ShapePlan {
        var fields: ContiguousArray<Step> = []
        var referenceID: Step?
        var unknown: [String] = []
        for (index, name) in names.names.enumerated() {
            if RejectsFileFormat.columns.contains(name) { continue }
            if names.position(of: name) != index { continue }
            if name == PrefillFieldKeys.referenceIDColumn {
                referenceID = step(key: name, index: index, column: name, chain: .trimOnly, instancePointer: "/reference-id")
            } else if PrefillFieldKeys.standardSet.contains(name) || (MappingFileParser.isFieldKey(name) && allowsCustom(name)) {
                fields.append(step(key: name, index: index, column: name, chain: .trimOnly, instancePointer: JSONPointer.appending("/fields", name)))
            } else {
                unknown.append(name)
            }
        }
        if !unknown.isEmpty {
            let list = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            throw MappingError("input column(s) \(list) are not Persona field keys and the schema does not allow them as custom fields. Without --mapping every column must be one of: \(PrefillFieldKeys.standard.joined(separator: ", ")), reference-id. Rename or remove the column(s), or write a mapping file (--mapping)")
        }
        if fields.isEmpty {
            throw MappingError("the input has no Persona field key columns (such as name-first, name-last); write a mapping file (--mapping) for these headers")
        }
        return ShapePlan(names: names, fields: fields, referenceID: referenceID, meta: [])
    }
}
