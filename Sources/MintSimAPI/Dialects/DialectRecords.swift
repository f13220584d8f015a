import MintSimChain
import MintSimPrimitives

// The dialects' records for a state file (see `Records.swift`).

extension ImmutableDialect: RecordKeeping {
    func markAll() {
        changedRequests = Set(requests.indices)
        changedMetadata = Set(metadata.flatMap { collection, tokens in tokens.keys.map { Self.metadataKey(collection, $0) } })
        changedBuckets = Set(mintBuckets.keys.map { "mint/" + $0 } + refreshBuckets.keys.map { "refresh/" + $0 } + stackBuckets.keys.map { "stacks/" + $0 })
        traceChanged = true
    }

    func reset() {
        requests = []
        byReference = [:]
        requestedIDs = [:]
        metadataGiven = [:]
        queue = []
        inFlight = [:]
        metadata = [:]
        mintBuckets = [:]
        refreshBuckets = [:]
        stackBuckets = [:]
        stacks = [:]
        stackByContent = [:]
        stackContent = [:]
    }

    func discardChanges() {
        changedRequests = []
        changedMetadata = []
        changedBuckets = []
        traceChanged = false
    }

    func takeChanges(into changes: inout [(key: String, value: JSON?)]) {
        for index in changedRequests.sorted() where requests.indices.contains(index) {
            let request = requests[index]
            changes.append((
                "request/" + String(index).leftPadded(to: 8),
                .obj([
                    "collection": .string(request.collection.lowercaseHex), "standard": .string(request.standard),
                    "referenceId": .string(request.referenceID), "owner": .string(request.owner.lowercaseHex), "tokenId": request.tokenID.json,
                    "requestedTokenId": .bool(request.requestedTokenID), "amount": request.amount.json, "metadata": request.metadata ?? .null,
                    "status": .string(request.status), "transactionHash": request.transactionHash.json, "error": request.error.json,
                    "createdAt": .int(request.createdAt), "updatedAt": .int(request.updatedAt),
                ])
            ))
        }
        for key in changedMetadata.sorted() {
            let parts = key.split(separator: "/")
            guard parts.count == 2, let collection = try? Address(String(parts[0])), let id = try? UInt256(String(parts[1])),
                let record = metadata[collection]?[id]
            else { continue }
            changes.append((
                "metadata/" + key,
                .obj([
                    "metadata": record.metadata ?? .null, "syncedAt": record.syncedAt.json, "indexedAt": .int(record.indexedAt),
                    "metadataId": record.stack.json,
                ])
            ))
        }
        for key in changedBuckets.sorted() {
            let subject = String(key.drop { $0 != "/" }.dropFirst())
            let bucket = key.hasPrefix("refresh/") ? refreshBuckets[subject] : key.hasPrefix("stacks/") ? stackBuckets[subject] : mintBuckets[subject]
            guard let bucket else { continue }
            changes.append((
                "bucket/" + key,
                .obj([
                    "tier": .string(bucket.tier.name), "perMinute": .int(bucket.tier.perMinute), "burst": .int(bucket.tier.burst),
                    "units": .int(bucket.units), "updatedAt": .int(bucket.updatedAt),
                ])
            ))
        }
        if traceChanged { changes.append(("trace", .obj(["count": .int(traceCount)]))) }
        changedRequests = []
        changedMetadata = []
        changedBuckets = []
        traceChanged = false
    }

    func restore(key: String, value: JSON) throws(MintError) {
        let reader = RecordReader(key: "immutable/" + key, value: value)
        if key.hasPrefix("request/") {
            guard let index = Int(key.dropFirst("request/".count)), index == requests.count else { throw reader.damaged("its number") }
            requests.append(
                MintRequest(
                    collection: try reader.address("collection"), standard: try reader.string("standard"),
                    referenceID: try reader.string("referenceId"), owner: try reader.address("owner"), tokenID: try reader.optionalUInt("tokenId"),
                    requestedTokenID: try reader.bool("requestedTokenId"), amount: try reader.optionalUInt("amount"),
                    metadata: reader.json("metadata"), status: try reader.string("status"), transactionHash: try reader.optionalHash("transactionHash"),
                    error: try reader.optionalString("error"), createdAt: try reader.uint64("createdAt"), updatedAt: try reader.uint64("updatedAt")))
        } else if key.hasPrefix("metadata/") {
            let parts = key.dropFirst("metadata/".count).split(separator: "/")
            guard parts.count == 2, let collection = try? Address(String(parts[0])), let id = try? UInt256(String(parts[1])) else {
                throw reader.damaged("its key")
            }
            metadata[collection, default: [:]][id] = TokenMetadata(
                metadata: reader.json("metadata"), syncedAt: try reader.optionalUInt64("syncedAt"), indexedAt: try reader.uint64("indexedAt"),
                stack: try reader.optionalString("metadataId"))
        } else if key.hasPrefix("bucket/") {
            let rest = key.dropFirst("bucket/".count)
            let subject = String(rest.drop { $0 != "/" }.dropFirst())
            let saved = RateTier(name: try reader.string("tier"), perMinute: try reader.int("perMinute"), burst: try reader.int("burst"))
            // The tier the setup gives now wins over the one saved.
            let tier = rest.hasPrefix("refresh/") ? Self.refreshTier : rest.hasPrefix("stacks/") ? Self.stackRefreshTier
                : service.setup.immutableKeys.first { $0.subject == subject }?.tier ?? saved
            let bucket = TokenBucket(tier: tier, units: try reader.int("units"), updatedAt: try reader.uint64("updatedAt"))
            if rest.hasPrefix("refresh/") {
                refreshBuckets[subject] = bucket
            } else if rest.hasPrefix("stacks/") {
                stackBuckets[subject] = bucket
            } else {
                mintBuckets[subject] = bucket
            }
        } else if key == "trace" {
            traceCount = try reader.int("count")
        }
    }

    func finishRestore() {
        rebuildStacks()
        for (index, request) in requests.enumerated() {
            byReference[request.collection, default: [:]][request.referenceID] = index
            if request.standard == "ERC721", request.requestedTokenID, request.status != "failed", let id = request.tokenID {
                requestedIDs[request.collection, default: []].insert(id)
            }
            if request.standard == "ERC1155", request.metadata != nil, request.status != "failed", let id = request.tokenID {
                metadataGiven[request.collection, default: []].insert(id)
            }
            guard request.status == "pending" else { continue }
            if let hash = request.transactionHash {
                inFlight[hash, default: []].append(index)
            } else {
                queue.append(index)
            }
        }
    }
}

extension QustodyDialect: RecordKeeping {
    func markAll() {
        changedOperations = Set(operations.indices)
        changedSlots = Set(idempotency.keys)
        eventCountChanged = true
    }

    func reset() {
        operations = []
        idempotency = [:]
        inFlight = [:]
        held = []
    }

    func discardChanges() {
        changedOperations = []
        changedSlots = []
        eventCountChanged = false
    }

    func takeChanges(into changes: inout [(key: String, value: JSON?)]) {
        for index in changedOperations.sorted() where operations.indices.contains(index) {
            let operation = operations[index]
            changes.append((
                "operation/" + String(index).leftPadded(to: 8),
                .obj([
                    "id": .string(operation.id), "type": .string(operation.type), "token": .string(operation.token),
                    "amount": .string(operation.amount.description), "party": operation.party, "target": .string(operation.target.lowercaseHex),
                    "feeStrategy": .string(operation.feeStrategy), "idempotencyKey": .string(operation.idempotencyKey),
                    "requestedBy": .string(operation.requestedBy), "status": .string(operation.status.rawValue),
                    "approvals": .array(operation.approvals.map { .obj(["approver": .string($0.approver), "at": .int($0.at)]) }),
                    "rejection": operation.rejection.map {
                        .obj(["approver": .string($0.approver), "reason": $0.reason.json, "at": .int($0.at)])
                    } ?? .null,
                    "transactionHash": operation.transactionHash.json,
                    "error": operation.error.map { .obj(["code": .string($0.code), "message": .string($0.message)]) } ?? .null,
                    "createdAt": .int(operation.createdAt), "updatedAt": .int(operation.updatedAt),
                ])
            ))
        }
        for slot in changedSlots.sorted() {
            guard let entry = idempotency[slot] else { continue }
            changes.append((
                "idempotency/" + Hex.encode(Array(slot.utf8), prefix: false), .obj(["request": .string(entry.request), "operation": .int(entry.operation)])
            ))
        }
        if eventCountChanged { changes.append(("events", .obj(["count": .int(eventCount)]))) }
        changedOperations = []
        changedSlots = []
        eventCountChanged = false
    }

    func restore(key: String, value: JSON) throws(MintError) {
        let reader = RecordReader(key: "qustody/" + key, value: value)
        if key.hasPrefix("operation/") {
            guard let index = Int(key.dropFirst("operation/".count)), index == operations.count else { throw reader.damaged("its number") }
            guard let status = Status(rawValue: try reader.string("status")) else { throw reader.damaged("status") }
            var approvals: [(approver: String, at: UInt64)] = []
            for item in value["approvals"]?.arrayValue ?? [] {
                let approval = RecordReader(key: reader.key, value: item)
                approvals.append((try approval.string("approver"), try approval.uint64("at")))
            }
            var rejection: (approver: String, reason: String?, at: UInt64)?
            if let item = reader.json("rejection") {
                let rejected = RecordReader(key: reader.key, value: item)
                rejection = (try rejected.string("approver"), try rejected.optionalString("reason"), try rejected.uint64("at"))
            }
            var error: (code: String, message: String)?
            if let item = reader.json("error") {
                let failure = RecordReader(key: reader.key, value: item)
                error = (try failure.string("code"), try failure.string("message"))
            }
            guard let party = reader.json("party") else { throw reader.damaged("party") }
            operations.append(
                Operation(
                    id: try reader.string("id"), type: try reader.string("type"), token: try reader.string("token"), amount: try reader.uint("amount"),
                    party: party, target: try reader.address("target"), feeStrategy: try reader.string("feeStrategy"),
                    idempotencyKey: try reader.string("idempotencyKey"), requestedBy: try reader.string("requestedBy"), status: status,
                    approvals: approvals, rejection: rejection, transactionHash: try reader.optionalHash("transactionHash"), error: error,
                    createdAt: try reader.uint64("createdAt"), updatedAt: try reader.uint64("updatedAt")))
        } else if key.hasPrefix("idempotency/") {
            guard let bytes = try? Hex.decode(String(key.dropFirst("idempotency/".count))) else { throw reader.damaged("its key") }
            idempotency[String(decoding: bytes, as: UTF8.self)] = (try reader.string("request"), try reader.int("operation"))
        } else if key == "events" {
            eventCount = try reader.int("count")
        }
    }

    func finishRestore() {
        // An idempotency record naming no operation cannot be honoured: drop it.
        for (slot, entry) in idempotency where !operations.indices.contains(entry.operation) { idempotency[slot] = nil }
        for (index, operation) in operations.enumerated() where operation.status == .submitted {
            if let hash = operation.transactionHash { inFlight[hash] = index } else { held.append(index) }
        }
    }
}

extension AssetsDialect: RecordKeeping {
    func markAll() { changedCodes = usedSecretCodes }
    func reset() { usedSecretCodes = [] }

    func discardChanges() { changedCodes = [] }

    func takeChanges(into changes: inout [(key: String, value: JSON?)]) {
        for code in changedCodes.sorted() { changes.append(("secret-code/" + Hex.encode(Array(code.utf8), prefix: false), .obj([:]))) }
        changedCodes = []
    }

    func restore(key: String, value: JSON) throws(MintError) {
        guard key.hasPrefix("secret-code/") else { return }
        guard let bytes = try? Hex.decode(String(key.dropFirst("secret-code/".count))) else {
            throw MintError("the state file's API record assets/\(key) is damaged: its key is not hex")
        }
        usedSecretCodes.insert(String(decoding: bytes, as: UTF8.self))
    }

    func finishRestore() {}
}
