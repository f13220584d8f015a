import MintSimChain
import MintSimPrimitives

/// ERC-734 key purposes and key types, as ONCHAINID numbers them.
public enum KeyPurpose {
    public static let management: UInt256 = 1
    public static let action: UInt256 = 2
    public static let claimSigner: UInt256 = 3
    public static let encryption: UInt256 = 4
    /// Key type 1: an ECDSA key (the keccak256 of an ABI-encoded address).
    public static let ecdsa: UInt256 = 1
}

/// The key holder (ERC-734) and claim holder (ERC-735) of ONCHAINID's Identity, shared by the
/// `Identity` and `ClaimIssuer` models: keys with their purposes, claims by id and by topic, the
/// `onlyManager`/`onlyClaimKey` checks and claim signature validation, with ONCHAINID's custom
/// errors and in its check order.
public enum IdentityCore {
    // Keys: keys[key].key, keys[key].keyType, keys[key].purposes, purposeIndexInKey[key][purpose],
    // keysByPurpose[purpose], keyIndexInPurpose[purpose][key]. Indexes are 1-based (0: absent).
    static let keySlot: UInt32 = 10
    static let keyTypeSlot: UInt32 = 11
    static let keyPurposesSlot: UInt32 = 12
    static let purposeIndexSlot: UInt32 = 13
    static let keysByPurposeSlot: UInt32 = 14
    static let keyIndexSlot: UInt32 = 15
    static let keyPurposesEntriesSlot: UInt32 = 16
    static let keysByPurposeEntriesSlot: UInt32 = 17
    // Claims: claims[id] fields, claimsByTopic[topic], claimIndexInTopic[topic][id], claimExists[id].
    static let claimTopicSlot: UInt32 = 20
    static let claimSchemeSlot: UInt32 = 21
    static let claimIssuerSlot: UInt32 = 22
    static let claimSignatureSlot: UInt32 = 23
    static let claimDataSlot: UInt32 = 24
    static let claimURISlot: UInt32 = 25
    static let claimsByTopicSlot: UInt32 = 26
    static let claimIndexSlot: UInt32 = 27
    static let claimExistsSlot: UInt32 = 28
    static let claimsByTopicEntriesSlot: UInt32 = 29

    /// A key's purposes, the keys of a purpose, and the claim ids of a topic, as storage arrays.
    static func purposes(of key: Hash) -> StoredArray { StoredArray(length: keyPurposesSlot, entries: keyPurposesEntriesSlot, key: key) }
    static func keys(withPurpose purpose: Hash) -> StoredArray {
        StoredArray(length: keysByPurposeSlot, entries: keysByPurposeEntriesSlot, key: purpose)
    }
    static func claimIds(ofTopic topic: Hash) -> StoredArray {
        StoredArray(length: claimsByTopicSlot, entries: claimsByTopicEntriesSlot, key: topic)
    }

    static let keyAddedEvent = "KeyAdded(bytes32,uint256,uint256)"
    static let keyRemovedEvent = "KeyRemoved(bytes32,uint256,uint256)"

    public enum Function: UInt32, FunctionSet {
        case addKey = 0x1d38_1240
        case removeKey = 0x53d4_13c5
        case getKey = 0x12aa_ac70
        case getKeyPurposes = 0xfb30_7b34
        case getKeysByPurpose = 0x9010_f726
        case keyHasPurpose = 0xd202_158d
        case addClaim = 0xb1a3_4e0d
        case removeClaim = 0x4eee_424a
        case getClaim = 0xc910_0bcb
        case getClaimIdsByTopic = 0x80e9_e9e1
        case isClaimValid = 0xc096_9a6e
        case getRecoveredAddress = 0xc3b1_29e3

        public var declaration: String {
            switch self {
            case .addKey: return "function addKey(bytes32 _key, uint256 _purpose, uint256 _type) returns (bool success)"
            case .removeKey: return "function removeKey(bytes32 _key, uint256 _purpose) returns (bool success)"
            case .getKey:
                return "function getKey(bytes32 _key) view returns (uint256[] purposes, uint256 keyType, bytes32 key)"
            case .getKeyPurposes: return "function getKeyPurposes(bytes32 _key) view returns (uint256[] _purposes)"
            case .getKeysByPurpose: return "function getKeysByPurpose(uint256 _purpose) view returns (bytes32[] keys)"
            case .keyHasPurpose:
                return "function keyHasPurpose(bytes32 _key, uint256 _purpose) view returns (bool result)"
            case .addClaim:
                return "function addClaim(uint256 _topic, uint256 _scheme, address _issuer, bytes _signature, bytes _data, "
                    + "string _uri) returns (bytes32 claimRequestId)"
            case .removeClaim: return "function removeClaim(bytes32 _claimId) returns (bool success)"
            case .getClaim:
                return "function getClaim(bytes32 _claimId) view returns (uint256 topic, uint256 scheme, address issuer, "
                    + "bytes signature, bytes data, string uri)"
            case .getClaimIdsByTopic:
                return "function getClaimIdsByTopic(uint256 _topic) view returns (bytes32[] claimIds)"
            case .isClaimValid:
                return "function isClaimValid(address _identity, uint256 claimTopic, bytes sig, bytes data) view "
                    + "returns (bool claimValid)"
            case .getRecoveredAddress:
                return "function getRecoveredAddress(bytes sig, bytes32 dataHash) pure returns (address addr)"
            }
        }
    }

    public static let events = [
        "event KeyAdded(bytes32 indexed key, uint256 indexed purpose, uint256 indexed keyType)",
        "event KeyRemoved(bytes32 indexed key, uint256 indexed purpose, uint256 indexed keyType)",
        "event ClaimAdded(bytes32 indexed claimId, uint256 indexed topic, uint256 scheme, address indexed issuer, "
            + "bytes signature, bytes data, string uri)",
        "event ClaimRemoved(bytes32 indexed claimId, uint256 indexed topic, uint256 scheme, address indexed issuer, "
            + "bytes signature, bytes data, string uri)",
        "event ClaimChanged(bytes32 indexed claimId, uint256 indexed topic, uint256 scheme, address indexed issuer, "
            + "bytes signature, bytes data, string uri)",
    ]

    public static let errors = [
        "error SenderDoesNotHaveManagementKey()",
        "error SenderDoesNotHaveClaimSignerKey()",
        "error KeyAlreadyHasPurpose(bytes32 key, uint256 purpose)",
        "error KeyNotRegistered(bytes32 key)",
        "error KeyDoesNotHavePurpose(bytes32 key, uint256 purpose)",
        "error ClaimNotRegistered(bytes32 claimId)",
        "error InvalidClaim()",
    ]

    // MARK: Ids

    /// keccak256(abi.encode(address)): the key of an address.
    public static func keyHash(_ address: Address) -> Hash { Keccak256.hash(address.word) }

    /// keccak256(abi.encode(issuer, topic)): the id of a claim.
    public static func claimId(issuer: Address, topic: UInt256) -> Hash { Keccak256.hash(issuer.word + topic.bytes32) }

    // MARK: Keys

    /// `_setupInitialManagementKey`: `address` becomes a MANAGEMENT key of type ECDSA.
    static func setUp(_ context: ExecutionContext, initialManagementKey address: Address) throws(Revert) {
        let key = keyHash(address)
        try context.storeWord(StorageKey(keySlot, key), UInt256(word32: key))
        try context.storeWord(StorageKey(keyTypeSlot, key), KeyPurpose.ecdsa)
        try purposes(of: key).append(context, KeyPurpose.management)
        try context.storeWord(StorageKey(purposeIndexSlot, key, KeyPurpose.management.word32), .one)
        try keys(withPurpose: KeyPurpose.management.word32).append(context, UInt256(word32: key))
        try context.storeWord(StorageKey(keyIndexSlot, KeyPurpose.management.word32, key), .one)
        try emitKey(context, keyAddedEvent, key, KeyPurpose.management, KeyPurpose.ecdsa)
    }

    /// `keyHasPurpose`: false for an unregistered key; a MANAGEMENT key has every purpose.
    public static func keyHasPurpose(_ context: ExecutionContext, _ key: Hash, _ purpose: UInt256) throws(Revert) -> Bool {
        if try context.loadWord(StorageKey(keySlot, key)).isZero { return false }
        if try !context.loadWord(StorageKey(purposeIndexSlot, key, purpose.word32)).isZero { return true }
        return try !context.loadWord(StorageKey(purposeIndexSlot, key, KeyPurpose.management.word32)).isZero
    }

    /// `onlyManager`.
    static func requireManager(_ context: ExecutionContext) throws(Revert) {
        if context.sender == context.address { return }
        if try !keyHasPurpose(context, keyHash(context.sender), KeyPurpose.management) {
            throw Revert.error("SenderDoesNotHaveManagementKey()")
        }
    }

    /// `onlyClaimKey`.
    static func requireClaimKey(_ context: ExecutionContext) throws(Revert) {
        if context.sender == context.address { return }
        if try !keyHasPurpose(context, keyHash(context.sender), KeyPurpose.claimSigner) {
            throw Revert.error("SenderDoesNotHaveClaimSignerKey()")
        }
    }

    static func addKey(_ context: ExecutionContext, _ key: Hash, purpose: UInt256, type: UInt256) throws(Revert) {
        let purposeIndexKey = StorageKey(purposeIndexSlot, key, purpose.word32)
        if try !context.loadWord(purposeIndexKey).isZero {
            throw Revert.error("KeyAlreadyHasPurpose(bytes32,uint256)", [.fixedBytes(key.bytes), .uint(purpose)])
        }
        if try context.loadWord(StorageKey(keySlot, key)).isZero {
            try context.storeWord(StorageKey(keySlot, key), UInt256(word32: key))
            try context.storeWord(StorageKey(keyTypeSlot, key), type)
        }
        let purposes = Self.purposes(of: key)
        try context.storeWord(purposeIndexKey, UInt256(try purposes.append(context, purpose)))
        let keys = Self.keys(withPurpose: purpose.word32)
        try context.storeWord(StorageKey(keyIndexSlot, purpose.word32, key), UInt256(try keys.append(context, UInt256(word32: key))))
        try emitKey(context, keyAddedEvent, key, purpose, type)
    }

    static func removeKey(_ context: ExecutionContext, _ key: Hash, purpose: UInt256) throws(Revert) {
        let stored = try context.loadWord(StorageKey(keySlot, key))
        guard stored == UInt256(word32: key) else {
            throw Revert.error("KeyNotRegistered(bytes32)", [.fixedBytes(key.bytes)])
        }
        let purposeIndexKey = StorageKey(purposeIndexSlot, key, purpose.word32)
        let purposeIndex = try context.loadWord(purposeIndexKey)
        guard let purposePosition = purposeIndex.uint64, purposePosition > 0 else {
            throw Revert.error("KeyDoesNotHavePurpose(bytes32,uint256)", [.fixedBytes(key.bytes), .uint(purpose)])
        }
        // _removePurposeFromKey: swap and pop.
        let purposes = Self.purposes(of: key)
        let lastPurpose = try purposes.swapRemove(context, at: Int(purposePosition) - 1)
        if lastPurpose != purpose {
            try context.storeWord(StorageKey(purposeIndexSlot, key, lastPurpose.word32), purposeIndex)
        }
        try context.storeWord(purposeIndexKey, .zero)
        // _removeKeyFromPurposeIndex: swap and pop.
        let keyIndexKey = StorageKey(keyIndexSlot, purpose.word32, key)
        let keyIndex = try context.loadWord(keyIndexKey)
        let keys = Self.keys(withPurpose: purpose.word32)
        let position = Int(keyIndex.uint64 ?? 0) - 1
        guard position >= 0 else { throw Revert.panic(0x11) }  // cannot happen: the indexes are kept together
        let lastKey = Hash(word: try keys.swapRemove(context, at: position))
        if lastKey != key { try context.storeWord(StorageKey(keyIndexSlot, purpose.word32, lastKey), keyIndex) }
        try context.storeWord(keyIndexKey, .zero)
        let keyType = try context.loadWord(StorageKey(keyTypeSlot, key))
        try emitKey(context, keyRemovedEvent, key, purpose, keyType)
        if try purposes.count(context) == 0 {
            try context.storeWord(StorageKey(keySlot, key), .zero)
            try context.storeWord(StorageKey(keyTypeSlot, key), .zero)
        }
    }

    private static func emitKey(
        _ context: ExecutionContext, _ event: String, _ key: Hash, _ purpose: UInt256, _ type: UInt256
    ) throws(Revert) {
        try context.emit(topics: [topic(event), key, purpose.word32, type.word32], data: [])
    }

    // MARK: Claims

    /// A claim as `getClaim` returns it.
    public struct Claim: Equatable, Sendable {
        public var topic: UInt256
        public var scheme: UInt256
        public var issuer: Address
        public var signature: [UInt8]
        public var data: [UInt8]
        public var uri: String
    }

    public static func claim(_ context: ExecutionContext, id: Hash) throws(Revert) -> Claim {
        Claim(
            topic: try context.loadWord(StorageKey(claimTopicSlot, id)),
            scheme: try context.loadWord(StorageKey(claimSchemeSlot, id)),
            issuer: Address(word32: try context.loadWord(StorageKey(claimIssuerSlot, id)).word32),
            signature: try context.loadBytes(StorageKey(claimSignatureSlot, id)),
            data: try context.loadBytes(StorageKey(claimDataSlot, id)),
            uri: String(decoding: try context.loadBytes(StorageKey(claimURISlot, id)), as: UTF8.self))
    }

    /// `addClaim` after `onlyClaimKey`: checks a claim from another issuer with its `isClaimValid`
    /// (an issuer without code, or one that reverts, reverts the call), then adds or updates it.
    static func addClaim(_ context: ExecutionContext, _ claim: Claim) throws(Revert) -> Hash {
        if claim.issuer != context.address {
            let valid = try issuerAccepts(
                context, issuer: claim.issuer, identity: context.address, topic: claim.topic, signature: claim.signature,
                data: claim.data)
            if !valid { throw Revert.error("InvalidClaim()") }
        }
        let id = claimId(issuer: claim.issuer, topic: claim.topic)
        let existsKey = StorageKey(claimExistsSlot, id)
        let isNew = try context.loadWord(existsKey).isZero
        try context.storeWord(StorageKey(claimTopicSlot, id), claim.topic)
        try context.storeWord(StorageKey(claimSchemeSlot, id), claim.scheme)
        try context.storeBytes(StorageKey(claimSignatureSlot, id), claim.signature)
        try context.storeBytes(StorageKey(claimDataSlot, id), claim.data)
        try context.storeBytes(StorageKey(claimURISlot, id), Array(claim.uri.utf8))
        if isNew {
            let count = try claimIds(ofTopic: claim.topic.word32).append(context, UInt256(word32: id))
            try context.storeWord(StorageKey(claimIndexSlot, claim.topic.word32, id), UInt256(count))
            try context.storeWord(existsKey, .one)
            try context.storeWord(StorageKey(claimIssuerSlot, id), UInt256(word32: claim.issuer.word32))
        }
        try emitClaim(context, isNew ? "ClaimAdded" : "ClaimChanged", id: id, claim)
        return id
    }

    /// `removeClaim` after `onlyClaimKey`.
    static func removeClaim(_ context: ExecutionContext, id: Hash) throws(Revert) {
        let claim = try claim(context, id: id)
        if claim.topic.isZero { throw Revert.error("ClaimNotRegistered(bytes32)", [.fixedBytes(id.bytes)]) }
        let indexKey = StorageKey(claimIndexSlot, claim.topic.word32, id)
        let index = try context.loadWord(indexKey)
        guard let position = index.uint64, position > 0 else { throw Revert.reason("Claim index missing") }
        let ids = claimIds(ofTopic: claim.topic.word32)
        let last = Hash(word: try ids.swapRemove(context, at: Int(position) - 1))
        if last != id { try context.storeWord(StorageKey(claimIndexSlot, claim.topic.word32, last), index) }
        try context.storeWord(indexKey, .zero)
        try context.storeWord(StorageKey(claimExistsSlot, id), .zero)
        try emitClaim(context, "ClaimRemoved", id: id, claim)
        for slot in [claimTopicSlot, claimSchemeSlot, claimIssuerSlot] { try context.storeWord(StorageKey(slot, id), .zero) }
        for slot in [claimSignatureSlot, claimDataSlot, claimURISlot] { try context.storeBytes(StorageKey(slot, id), []) }
    }

    private static func emitClaim(_ context: ExecutionContext, _ name: String, id: Hash, _ claim: Claim) throws(Revert) {
        try context.emit(
            "\(name)(bytes32,uint256,uint256,address,bytes,bytes,string)",
            indexed: [(.fixedBytes(32), .fixedBytes(id.bytes)), (.uint(256), .uint(claim.topic)), (.address, .address(claim.issuer))],
            data: [(.uint(256), .uint(claim.scheme)), (.bytes, .bytes(claim.signature)), (.bytes, .bytes(claim.data)), (.string, .string(claim.uri))])
    }

    /// `IClaimIssuer(issuer).isClaimValid(identity, topic, signature, data)` from this contract:
    /// directly when the issuer is an Identity or ClaimIssuer model, else as an ABI call whose
    /// revert propagates and whose malformed answer reverts with empty data.
    static func issuerAccepts(
        _ context: ExecutionContext, issuer: Address, identity: Address, topic: UInt256, signature: [UInt8], data: [UInt8]
    ) throws(Revert) -> Bool {
        if let valid = try context.callNative(issuer, as: ClaimIssuer.self, { model, inner throws(Revert) in
            try model.isClaimValid(inner, identity: identity, topic: topic, signature: signature, data: data)
        }) {
            return valid
        }
        if let valid = try context.callNative(issuer, as: Identity.self, { _, inner throws(Revert) in
            try isClaimValid(inner, identity: identity, topic: topic, signature: signature, data: data)
        }) {
            return valid
        }
        let calldata =
            (try? ABIFunction.cached("isClaimValid(address,uint256,bytes,bytes)").encodeCall([
                .address(identity), .uint(topic), .bytes(signature), .bytes(data),
            ])) ?? []
        let output = try context.call(issuer, calldata: calldata)
        guard output.count >= 32 else { throw Revert(data: []) }
        let word = output.withUnsafeBytes { UInt256(unchecked: $0, at: 0) }
        guard word <= .one else { throw Revert(data: []) }
        return word == .one
    }

    /// Identity's `isClaimValid`: whether `signature` over the claim's data hash comes from a key of
    /// this contract with the CLAIM purpose (a MANAGEMENT key qualifies).
    static func isClaimValid(
        _ context: ExecutionContext, identity: Address, topic: UInt256, signature: [UInt8], data: [UInt8]
    ) throws(Revert) -> Bool {
        let digest = ClaimSigning.prefixedHash(ClaimSigning.dataHash(identity: identity, topic: topic, data: data))
        let signer = try recoveredAddress(context, signature: signature, digest: digest)
        return try keyHasPurpose(context, keyHash(signer), KeyPurpose.claimSigner)
    }

    /// `getRecoveredAddress`, charging the ecrecover precompile's gas when it runs.
    static func recoveredAddress(_ context: ExecutionContext, signature: [UInt8], digest: Hash) throws(Revert) -> Address {
        if signature.count == 65 { try context.useGas(SignerRecovery.ecrecoverGas) }
        return SignerRecovery.recover(signature: signature, digest: digest)
    }

    // MARK: Dispatch

    /// Runs one of the shared functions; `isClaimValid` is the model's own.
    static func call(
        _ function: Function, _ context: ExecutionContext,
        isClaimValid: (ExecutionContext, Address, UInt256, [UInt8], [UInt8]) throws(Revert) -> Bool
    ) throws(Revert) -> [UInt8] {
        switch function {
        case .addKey:
            let args = try Arguments(context, words: 3)
            try requireManager(context)
            try addKey(context, args.bytes32(0), purpose: args.uint(1), type: args.uint(2))
            return Returns.true
        case .removeKey:
            let args = try Arguments(context, words: 2)
            try requireManager(context)
            try removeKey(context, args.bytes32(0), purpose: args.uint(1))
            return Returns.true
        case .getKey:
            let key = try Arguments(context, words: 1).bytes32(0)
            let purposes = try Self.purposes(of: key).all(context)
            let keyType = try context.loadWord(StorageKey(keyTypeSlot, key))
            let stored = try context.loadWord(StorageKey(keySlot, key))
            return encode(
                [.array(.uint(256)), .uint(256), .fixedBytes(32)],
                [.array(purposes.map { .uint($0) }), .uint(keyType), .fixedBytes(stored.bytes32)])
        case .getKeyPurposes:
            let key = try Arguments(context, words: 1).bytes32(0)
            return Returns.uints(try purposes(of: key).all(context))
        case .getKeysByPurpose:
            let purpose = try Arguments(context, words: 1).uint(0)
            return hashes(try keys(withPurpose: purpose.word32).all(context))
        case .keyHasPurpose:
            let args = try Arguments(context, words: 2)
            return Returns.bool(try keyHasPurpose(context, args.bytes32(0), args.uint(1)))
        case .addClaim:
            let values = try context.decodeArguments([.uint(256), .uint(256), .address, .bytes, .bytes, .string])
            try requireClaimKey(context)
            let claim = Claim(
                topic: values[0].uintValue, scheme: values[1].uintValue, issuer: values[2].addressValue,
                signature: values[3].bytesValue, data: values[4].bytesValue, uri: values[5].stringValue)
            return Returns.bytes32(try addClaim(context, claim))
        case .removeClaim:
            let id = try Arguments(context, words: 1).bytes32(0)
            try requireClaimKey(context)
            try removeClaim(context, id: id)
            return Returns.true
        case .getClaim:
            let claim = try claim(context, id: Arguments(context, words: 1).bytes32(0))
            return encode(
                [.uint(256), .uint(256), .address, .bytes, .bytes, .string],
                [.uint(claim.topic), .uint(claim.scheme), .address(claim.issuer), .bytes(claim.signature), .bytes(claim.data),
                 .string(claim.uri)])
        case .getClaimIdsByTopic:
            let topic = try Arguments(context, words: 1).uint(0)
            return hashes(try claimIds(ofTopic: topic.word32).all(context))
        case .isClaimValid:
            let values = try context.decodeArguments([.address, .uint(256), .bytes, .bytes])
            return Returns.bool(
                try isClaimValid(context, values[0].addressValue, values[1].uintValue, values[2].bytesValue, values[3].bytesValue))
        case .getRecoveredAddress:
            let values = try context.decodeArguments([.bytes, .fixedBytes(32)])
            let digest = (try? Hash(bytes: values[1].bytesValue)) ?? .zero
            return Returns.address(try recoveredAddress(context, signature: values[0].bytesValue, digest: digest))
        }
    }

    static func encode(_ types: [ABIType], _ values: [ABIValue]) -> [UInt8] { (try? ABI.encode(types, values)) ?? [] }

    static func hashes(_ words: [UInt256]) -> [UInt8] {
        encode([.array(.fixedBytes(32))], [.array(words.map { .fixedBytes($0.bytes32) })])
    }
}
