import Foundation
import ImportCore
import JSON
import JSONSchema

/// What mapping one record produced.
public enum MapOutcome: Sendable {
    /// Mapped and valid: ready for the create stage.
    case valid(ValidRecord)
    /// Rejected with every reason (transform and schema errors together).
    case rejected(RowError)
}

/// The map + validate stage: turns `Record`s into `InquiryDraft`s per the configuration and
/// validates each against the schema.
///
/// Thread-safe. Column resolution is cached per record shape (`FieldNames` identity); the
/// shared cache takes a lock. For the hot path give each worker thread its own `Worker`
/// (`makeWorker()`), which only takes the lock when the shape changes.
public final class RecordMapper: Sendable {
    /// The configuration this mapper applies.
    public let configuration: MappingConfiguration
    private let cache: ShapeCache
    private let runtime: MapRuntime

    /// What a mapped column that a record lacks means.
    public enum MissingColumns: Sendable {
        /// A setup error of the whole input (CSV: every row has the header's columns, so a
        /// missing one is a mistake in the mapping file).
        case setupError
        /// An absent value (XML: records may leave out optional elements).
        case absent
    }

    /// Creates a mapper for a loaded configuration.
    public init(configuration: MappingConfiguration, missingColumns: MissingColumns = .setupError) {
        self.configuration = configuration
        let runtime = MapRuntime(configuration: configuration)
        self.cache = ShapeCache(configuration: configuration, fast: runtime.fast, allowMissing: missingColumns == .absent)
        self.runtime = runtime
    }

    /// Checks that records of shape `names` can be mapped (every mapped column exists; in
    /// header mode, every column is a field key). Call it when a new shape appears; a thrown
    /// error is a setup error of the whole file.
    public func prepare(for names: FieldNames) throws(MappingError) {
        _ = try cache.plan(for: names).plan.get()
    }

    /// Maps and validates one record. A record of a shape that fails `prepare(for:)` is
    /// rejected with that setup message.
    public func map(_ record: Record) -> MapOutcome {
        let entry = cache.plan(for: record.names)
        switch entry.plan {
        case .success(let plan): return runtime.map(record, plan: plan, fast: entry.fast)
        case .failure(let error): return .rejected(runtime.setupRejection(record, error))
        }
    }

    /// A mapper for one thread: it keeps its own copy of the plan and of the compiled schema
    /// (no shared reference counts between threads) and takes the shared lock only when the
    /// record shape changes.
    public func makeWorker() -> Worker { Worker(mapper: self) }

    /// Maps records on one thread; not `Sendable`: create one per worker thread.
    public final class Worker {
        private let mapper: RecordMapper
        private let runtime: MapRuntime
        private var lastNames: FieldNames?
        private var lastPlan: Result<ShapePlan, MappingError>?
        private var lastFast: FastValidator.Resolved?

        init(mapper: RecordMapper) {
            self.mapper = mapper
            self.runtime = mapper.runtime.isolatedCopy()
        }

        /// Maps and validates one record, like `RecordMapper.map(_:)`.
        public func map(_ record: Record) -> MapOutcome {
            let plan: Result<ShapePlan, MappingError>
            if let lastPlan, lastNames === record.names {
                plan = lastPlan
            } else {
                plan = mapper.cache.plan(for: record.names).plan.map { $0.isolatedCopy() }
                lastNames = record.names
                lastPlan = plan
                if case .success(let resolved) = plan { lastFast = runtime.fast?.resolve(resolved) } else { lastFast = nil }
            }
            switch plan {
            case .success(let plan): return runtime.map(record, plan: plan, fast: lastFast)
            case .failure(let error): return .rejected(runtime.setupRejection(record, error))
            }
        }
    }
}

/// What the per-row path needs besides the plan, in one object (so a row copies nothing).
final class MapRuntime: Sendable {
    let schema: JSONSchema
    let schemaSource: [UInt8]?
    /// Checks valid rows without building the instance object; nil for other schema shapes.
    let fast: FastValidator?
    let template: InquiryDraft.Template
    let tags: [String]
    let note: String?

    init(schema: JSONSchema, schemaSource: [UInt8]?, template: InquiryDraft.Template, tags: [String], note: String?) {
        self.schema = schema
        self.schemaSource = schemaSource
        self.fast = schemaSource.flatMap { try? JSONValue(parsing: $0) }.flatMap(FastValidator.init(document:))
        self.template = template
        self.tags = tags
        self.note = note
    }

    convenience init(configuration: MappingConfiguration) {
        var tags: [String] = []
        var note: String?
        if case .mapping(let file) = configuration.mode {
            tags = file.tags
            note = file.note
        }
        self.init(schema: configuration.schema, schemaSource: configuration.schemaSource, template: configuration.template, tags: tags, note: note)
    }

    /// A copy with its own compiled schema and strings, for one worker thread.
    func isolatedCopy() -> MapRuntime {
        var schema = self.schema
        if let schemaSource, let document = try? JSONValue(parsing: schemaSource), let compiled = try? JSONSchema(document) {
            schema = compiled
        }
        return MapRuntime(schema: schema, schemaSource: schemaSource, template: template.isolatedCopy(),
                          tags: tags.map { $0.isolatedCopy() }, note: note?.isolatedCopy())
    }

    /// The whole schema applied to `{"reference-id": …, "fields": {…}}`: every error.
    static func validate(_ schema: JSONSchema, fields: [(key: String, value: String)], referenceID: String?) -> [String] {
        var instanceFields = [String: JSONValue](minimumCapacity: fields.count)
        for field in fields { instanceFields[field.key] = .string(field.value) }
        var instance = [String: JSONValue](minimumCapacity: 2)
        instance["fields"] = .object(instanceFields)
        if let referenceID { instance["reference-id"] = .string(referenceID) }
        return schema.validate(.object(instance)).map(\.description)
    }

    func setupRejection(_ record: Record, _ error: MappingError) -> RowError {
        RowError(line: record.line, number: record.number, reasons: [error.message], names: record.names, values: record.values)
    }

    // MARK: The per-row path

    /// Maps one record. `fast` (the fast path resolved for `plan`) checks each value as it is
    /// produced; a row it cannot vouch for is validated in full.
    func map(_ record: Record, plan: ShapePlan, fast: FastValidator.Resolved?) -> MapOutcome {
        var reasons: [String] = []
        var fields: [(key: String, value: String)] = []
        fields.reserveCapacity(plan.fields.count)
        var fastValid = fast?.possible ?? false
        var requiredSeen = 0
        let checks = fast?.checks ?? []
        var referenceID: String?
        var meta: [(key: String, value: InquiryDraft.MetaValue)] = []
        // Values and steps are read in place: the loop retains only what it keeps.
        let steps = plan.fields
        record.values.withUnsafeBufferPointer { values in
            for position in steps.indices {
                switch steps[position].chain.apply(values[steps[position].index]) {
                case .value(let value):
                    if fastValid {
                        if !checks[position].leaf.accepts(value) { fastValid = false }
                        if checks[position].required { requiredSeen += 1 }
                    }
                    fields.append((steps[position].key, value))
                case .absent:
                    break
                case .failed(let message):
                    reasons.append(steps[position].errorPrefix + message)
                }
            }
            if let step = plan.referenceID {
                switch step.chain.apply(values[step.index]) {
                case .value(let value): referenceID = value
                case .absent: break
                case .failed(let message): reasons.append(step.errorPrefix + message)
                }
            }
            if !plan.meta.isEmpty {
                meta.reserveCapacity(plan.meta.count)
                for entry in plan.meta {
                    switch entry {
                    case .constant(let key, let value):
                        meta.append((key, value))
                    case .column(let step):
                        switch step.chain.apply(values[step.index]) {
                        case .value(let value): meta.append((step.key, .string(value)))
                        case .absent: break
                        case .failed(let message): reasons.append(step.errorPrefix + message)
                        }
                    }
                }
            }
        }
        // The fast checks cover the schema alone: a row rejected only by a transform (whose
        // instance the schema accepts) needs no second, collecting validation either.
        if fastValid, let fast {
            fastValid = requiredSeen == fast.requiredCount
            if let referenceID {
                fastValid = fastValid && fast.referenceIDCheck.accepts(referenceID)
            } else if fast.referenceIDRequired {
                fastValid = false
            }
        }
        if !fastValid {
            reasons += Self.validate(schema, fields: fields, referenceID: referenceID)
        }
        guard reasons.isEmpty else {
            return .rejected(RowError(line: record.line, number: record.number, reasons: reasons, names: record.names, values: record.values))
        }
        return .valid(ValidRecord(
            line: record.line, number: record.number,
            draft: InquiryDraft(template: template, referenceID: referenceID, fields: fields, tags: tags, note: note, meta: meta)
        ))
    }
}

/// Resolved plans by shape identity, shared by all threads behind a lock.
final class ShapeCache: @unchecked Sendable {
    // @unchecked: the mutable properties are only touched with `lock` held.
    private let lock = NSLock()
    private let configuration: MappingConfiguration
    private let fast: FastValidator?
    private var entries: [(names: FieldNames, plan: Result<ShapePlan, MappingError>, fast: FastValidator.Resolved?)] = []
    private var customAllowed: [String: Bool] = [:]
    /// Columns of every shape resolved so far.
    private var seenColumns: Set<String> = []
    /// Shapes kept; XML inputs whose shape keeps changing re-resolve cheaply.
    private static let capacity = 16

    private let allowMissing: Bool

    init(configuration: MappingConfiguration, fast: FastValidator?, allowMissing: Bool) {
        self.configuration = configuration
        self.fast = fast
        self.allowMissing = allowMissing
    }

    private func resolve(_ names: FieldNames) throws(MappingError) -> ShapePlan {
        switch configuration.mode {
        case .mapping(let file):
            let plan = try ShapePlan.resolve(file, mappingFile: configuration.mappingFile ?? "mapping", names: names, seenColumns: seenColumns, allowMissing: allowMissing)
            seenColumns.formUnion(names.names)
            return plan
        case .headers:
            return try ShapePlan.resolveHeaders(names: names) { key in
                if let known = customAllowed[key] { return known }
                let allowed = FieldProbe.allows(key, in: configuration.schema)
                customAllowed[key] = allowed
                return allowed
            }
        }
    }

    /// The plan for a shape (resolved once, then cached), with the shared fast path for it.
    func plan(for names: FieldNames) -> (plan: Result<ShapePlan, MappingError>, fast: FastValidator.Resolved?) {
        lock.lock()
        defer { lock.unlock() }
        if let hit = entries.first(where: { $0.names === names }) { return (hit.plan, hit.fast) }
        let plan: Result<ShapePlan, MappingError>
        var resolved: FastValidator.Resolved?
        do {
            let shapePlan = try resolve(names)
            plan = .success(shapePlan)
            resolved = fast?.resolve(shapePlan)
        } catch {
            plan = .failure(error)
        }
        if entries.count >= Self.capacity { entries.removeFirst() }
        entries.append((names, plan, resolved))
        return (plan, resolved)
    }
}
