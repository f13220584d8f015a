import MintSimChain
import MintSimPrimitives

/// The API's own state as records (key → JSON) for a state file: idempotency keys, mint requests,
/// operations, token metadata, rate-limit buckets, used secret codes, webhook endpoints and
/// deliveries. Each part tracks what changed, so that a request writes only its own records.
protocol RecordKeeping: AnyObject {
    /// The records changed since the last call (nil value: deleted).
    func takeChanges(into changes: inout [(key: String, value: JSON?)])
    /// Takes back one record written by `takeChanges`.
    func restore(key: String, value: JSON) throws(MintError)
    /// Called once every record is back.
    func finishRestore()
    /// Forgets what changed (no state file keeps it).
    func discardChanges()
    /// Marks every record as changed (the next `takeChanges` gives them all).
    func markAll()
    /// Forgets everything, before records are restored into it.
    func reset()
}

extension MintAPI {
    private var keepers: [(prefix: String, keeper: any RecordKeeping)] {
        var out: [(String, any RecordKeeping)] = [("service/", service), ("webhooks/", webhooks)]
        for (_, dialect) in mounts {
            if let keeper = dialect as? RecordKeeping { out.append((dialect.name + "/", keeper)) }
        }
        return out
    }

    /// What changed since the last call, as state-file records (nil value: deleted).
    public struct Changes {
        /// Every record is in `records` and any other the file holds is gone (after a revert).
        public let replacesAll: Bool
        public let records: [(key: String, value: [UInt8]?)]
    }

    /// What changed since the last call.
    public func takeChanges() -> Changes {
        var out: [(key: String, value: [UInt8]?)] = []
        let replacesAll = rewriteAll
        if rewriteAll {
            rewriteAll = false
            for (_, keeper) in keepers { keeper.markAll() }
        }
        for (prefix, keeper) in keepers {
            var changes: [(key: String, value: JSON?)] = []
            keeper.takeChanges(into: &changes)
            out += changes.map { (prefix + $0.key, $0.value?.encoded()) }
        }
        return Changes(replacesAll: replacesAll, records: out)
    }

    /// Forgets what changed since the last call (serving without a state file).
    public func discardChanges() {
        rewriteAll = false
        for (_, keeper) in keepers { keeper.discardChanges() }
    }

    /// The dialects' records as they are now (what a snapshot keeps; webhook deliveries and the
    /// event counter are facts that a revert does not undo, so they are not among them).
    func snapshotRecords() -> [(key: String, value: JSON)] {
        var out: [(key: String, value: JSON)] = []
        for (prefix, keeper) in keepers where prefix != "service/" && prefix != "webhooks/" {
            var changes: [(key: String, value: JSON?)] = []
            keeper.markAll()
            keeper.takeChanges(into: &changes)
            out += changes.compactMap { change in change.value.map { (prefix + change.key, $0) } }
        }
        return out
    }

    /// Keeps the dialects' records with chain snapshot `id`.
    public func keepRecords(forSnapshot id: UInt64) {
        recordSnapshots[id] = snapshotRecords()
    }

    /// Puts the dialects' records back as they were at chain snapshot `id` (after the chain went
    /// back to it): requests, operations, idempotency keys, metadata, rate-limit buckets and used
    /// secret codes. Later snapshots' records are dropped, and that one's too unless `keep`.
    public func revertRecords(toSnapshot id: UInt64, keep: Bool) throws(MintError) {
        // The configured rate limits' buckets are not records: they start full again.
        keyBuckets = [:]
        guard let records = recordSnapshots[id] else { return }
        for key in recordSnapshots.keys where key > id || (key == id && !keep) { recordSnapshots[key] = nil }
        try revertRecords(records)
    }

    /// Puts the dialects' records back as a snapshot held them.
    func revertRecords(_ records: [(key: String, value: JSON)]) throws(MintError) {
        let keepers = self.keepers.filter { $0.prefix != "service/" && $0.prefix != "webhooks/" }
        for (_, keeper) in keepers { keeper.reset() }
        for record in records {
            guard let (prefix, keeper) = keepers.first(where: { record.key.hasPrefix($0.prefix) }) else { continue }
            try keeper.restore(key: String(record.key.dropFirst(prefix.count)), value: record.value)
        }
        for (_, keeper) in keepers { keeper.finishRestore() }
        rewriteAll = true
    }

    /// Restores the records a state file holds (from `takeChanges`); records of dialects not served
    /// now are kept in the file and ignored.
    public func restore(_ records: [(key: String, value: [UInt8])]) throws(MintError) {
        let keepers = self.keepers
        for record in records {
            guard let (prefix, keeper) = keepers.first(where: { record.key.hasPrefix($0.prefix) }) else { continue }
            let value: JSON
            do {
                value = try JSON.parse(record.value)
            } catch {
                throw MintError("the state file's API record \(record.key) is damaged: \(error.description)")
            }
            try keeper.restore(key: String(record.key.dropFirst(prefix.count)), value: value)
        }
        for (_, keeper) in keepers { keeper.finishRestore() }
        // Throw away what restoring marked as changed.
        _ = takeChanges()
    }
}

/// Reading records back: each accessor names the record and field that is wrong.
struct RecordReader {
    let key: String
    let value: JSON

    func damaged(_ field: String) -> MintError { MintError("the state file's API record \(key) is damaged: \(field) is missing or wrong") }

    func string(_ field: String) throws(MintError) -> String {
        guard let text = value[field]?.stringValue else { throw damaged(field) }
        return text
    }

    func optionalString(_ field: String) throws(MintError) -> String? {
        switch value[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw damaged(field)
        }
    }

    func int(_ field: String) throws(MintError) -> Int {
        guard case .number(let text)? = value[field], let number = Int(text) else { throw damaged(field) }
        return number
    }

    func uint64(_ field: String) throws(MintError) -> UInt64 {
        guard case .number(let text)? = value[field], let number = UInt64(text) else { throw damaged(field) }
        return number
    }

    func optionalUInt64(_ field: String) throws(MintError) -> UInt64? {
        if value[field] == nil || value[field] == .null { return nil }
        return try uint64(field)
    }

    func bool(_ field: String) throws(MintError) -> Bool {
        guard case .bool(let flag)? = value[field] else { throw damaged(field) }
        return flag
    }

    func address(_ field: String) throws(MintError) -> Address {
        guard let text = value[field]?.stringValue, let address = try? Address(text) else { throw damaged(field) }
        return address
    }

    func uint(_ field: String) throws(MintError) -> UInt256 {
        guard let text = value[field]?.stringValue, let number = try? UInt256(text) else { throw damaged(field) }
        return number
    }

    func optionalUInt(_ field: String) throws(MintError) -> UInt256? {
        if value[field] == nil || value[field] == .null { return nil }
        return try uint(field)
    }

    func optionalHash(_ field: String) throws(MintError) -> Hash? {
        guard let text = try optionalString(field) else { return nil }
        guard let hash = try? Hash(hex: text) else { throw damaged(field) }
        return hash
    }

    func json(_ field: String) -> JSON? {
        guard let member = value[field], member != .null else { return nil }
        return member
    }
}

extension Optional where Wrapped == UInt256 {
    var json: JSON { map { .string($0.description) } ?? .null }
}

extension Optional where Wrapped == UInt64 {
    var json: JSON { map { .int($0) } ?? .null }
}

extension Optional where Wrapped == String {
    var json: JSON { map { .string($0) } ?? .null }
}

extension Optional where Wrapped == Hash {
    var json: JSON { map { .string($0.description) } ?? .null }
}

// MARK: - The service's event counter

extension MintService: RecordKeeping {
    func takeChanges(into changes: inout [(key: String, value: JSON?)]) {
        guard eventCountChanged else { return }
        eventCountChanged = false
        changes.append(("events", .obj(["count": .int(eventCount)])))
    }

    func restore(key: String, value: JSON) throws(MintError) {
        guard key == "events" else { return }
        eventCount = try RecordReader(key: "service/events", value: value).int("count")
    }

    func finishRestore() {}

    func discardChanges() { eventCountChanged = false }
    func markAll() { eventCountChanged = true }
    func reset() {}
}

// MARK: - Webhooks

extension Webhooks: RecordKeeping {
    func takeChanges(into changes: inout [(key: String, value: JSON?)]) {
        for id in changedEndpoints.sorted() {
            guard let endpoint = endpoints.first(where: { $0.id == id }) else { continue }
            changes.append((
                "endpoint/" + id,
                .obj(["dialect": .string(endpoint.dialect), "url": .string(endpoint.url), "secret": .string(endpoint.secret)])
            ))
        }
        for index in changedDeliveries.sorted() where deliveries.indices.contains(index) {
            let delivery = deliveries[index]
            changes.append(("delivery/" + delivery.id, recordJSON(delivery)))
        }
        changedEndpoints = []
        changedDeliveries = []
    }

    private func recordJSON(_ delivery: Delivery) -> JSON {
        .obj([
            "eventId": .int(delivery.eventID), "event": .string(delivery.event), "dialect": .string(delivery.dialect),
            "endpointId": .string(delivery.endpointID), "url": .string(delivery.url),
            "body": .string(String(decoding: delivery.body, as: UTF8.self)),
            "headers": .array(delivery.headers.map { .array([.string($0.name), .string($0.value)]) }),
            "state": .string(delivery.state.rawValue),
            "attempts": .array(delivery.attempts.map { attempt in
                .obj([
                    "number": .int(attempt.number), "delayMs": .int(attempt.delayMs), "status": attempt.status.map { .int($0) } ?? .null,
                    "error": attempt.error.json,
                ])
            }),
        ])
    }

    func restore(key: String, value: JSON) throws(MintError) {
        let reader = RecordReader(key: "webhooks/" + key, value: value)
        if key.hasPrefix("endpoint/") {
            restored.endpoints.append(
                Endpoint(
                    id: String(key.dropFirst("endpoint/".count)), dialect: try reader.string("dialect"), url: try reader.string("url"),
                    secret: try reader.string("secret")))
        } else if key.hasPrefix("delivery/") {
            var headers: [(name: String, value: String)] = []
            for item in value["headers"]?.arrayValue ?? [] {
                guard let pair = item.arrayValue, pair.count == 2, let name = pair[0].stringValue, let text = pair[1].stringValue else {
                    throw reader.damaged("headers")
                }
                headers.append((name, text))
            }
            guard let state = State(rawValue: try reader.string("state")) else { throw reader.damaged("state") }
            var attempts: [Attempt] = []
            for item in value["attempts"]?.arrayValue ?? [] {
                let attempt = RecordReader(key: reader.key, value: item)
                attempts.append(
                    Attempt(
                        number: try attempt.int("number"), delayMs: try attempt.int("delayMs"),
                        status: item["status"] == .null ? nil : try attempt.int("status"), error: try attempt.optionalString("error")))
            }
            restored.deliveries.append(
                Delivery(
                    id: String(key.dropFirst("delivery/".count)), eventID: try reader.int("eventId"), event: try reader.string("event"),
                    dialect: try reader.string("dialect"), endpointID: try reader.string("endpointId"), url: try reader.string("url"),
                    body: Array(try reader.string("body").utf8), headers: headers, state: state, attempts: attempts))
        }
    }

    func discardChanges() {
        changedEndpoints = []
        changedDeliveries = []
    }

    func markAll() {
        changedEndpoints = Set(endpoints.map(\.id))
        changedDeliveries = Set(deliveries.indices)
    }

    func reset() {}

    func finishRestore() {
        func number(_ id: String) -> Int { Int(id.drop { !$0.isNumber }) ?? 0 }
        endpoints = restored.endpoints.sorted { number($0.id) < number($1.id) }
        deliveries = restored.deliveries.sorted { number($0.id) < number($1.id) }
        restored = ([], [])
    }
}
