import MintSimChain
import MintSimPrimitives

/// An ONCHAINID ClaimIssuer: an `Identity` whose management keys can revoke the claims it signed
/// (by claim or by signature); `isClaimValid` is false for a revoked signature.
///
/// Differences from ONCHAINID: those of `Identity`, and no `addClaimTo` (it needs `execute`).
public struct ClaimIssuer: ContractModel {
    public static let kind = "claim-issuer"
    public var kind: String { Self.kind }

    /// revokedClaims[keccak256(signature)].
    static let revokedSlot: UInt32 = 30

    /// Becomes the issuer's MANAGEMENT key (the deployer when zero).
    public let initialManagementKey: Address

    public init(initialManagementKey: Address = .zero) {
        self.initialManagementKey = initialManagementKey
    }

    public static let constructorDeclaration = Identity.constructorDeclaration

    public var constructorArguments: [UInt8] { initialManagementKey.word }

    /// Builds the issuer from ABI-encoded constructor arguments.
    public init(arguments: [UInt8]) throws(Revert) {
        let values = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init(initialManagementKey: values[0].addressValue)
    }

    public enum Function: UInt32, FunctionSet {
        case revokeClaim = 0x73c3_3708
        case revokeClaimBySignature = 0x9f7f_9edd
        case isClaimRevoked = 0x2646_b264
        case revokedClaims = 0xd234_5249

        public var declaration: String {
            switch self {
            case .revokeClaim: return "function revokeClaim(bytes32 _claimId, address _identity) returns (bool)"
            case .revokeClaimBySignature: return "function revokeClaimBySignature(bytes signature)"
            case .isClaimRevoked: return "function isClaimRevoked(bytes _sig) view returns (bool)"
            case .revokedClaims: return "function revokedClaims(bytes) view returns (bool)"
            }
        }
    }

    public static let interface = ContractInterface(
        [constructorDeclaration] + IdentityCore.Function.declarations + Function.declarations + IdentityCore.events
            + ["event ClaimRevoked(bytes indexed signature)"] + IdentityCore.errors + ["error ClaimAlreadyRevoked()"])

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try IdentityCore.setUp(context, initialManagementKey: initialManagementKey == .zero ? context.sender : initialManagementKey)
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = IdentityCore.Function(rawValue: selector) {
            return try IdentityCore.call(function, context) { context, identity, topic, signature, data throws(Revert) in
                try isClaimValid(context, identity: identity, topic: topic, signature: signature, data: data)
            }
        }
        guard let function = Function(rawValue: selector) else { throw Revert(data: []) }
        switch function {
        case .revokeClaim:
            let args = try Arguments(context, words: 2)
            let id = args.bytes32(0), identity = try args.address(1)
            try IdentityCore.requireManager(context)
            try revoke(context, signature: try claimSignature(context, id: id, identity: identity))
            return Returns.true
        case .revokeClaimBySignature:
            let signature = try context.decodeArguments([.bytes])[0].bytesValue
            try IdentityCore.requireManager(context)
            try revoke(context, signature: signature)
            return []
        case .isClaimRevoked, .revokedClaims:
            let signature = try context.decodeArguments([.bytes])[0].bytesValue
            return Returns.bool(try isRevoked(context, signature))
        }
    }

    /// ClaimIssuer's `isClaimValid`: Identity's check, and the signature is not revoked.
    func isClaimValid(
        _ context: ExecutionContext, identity: Address, topic: UInt256, signature: [UInt8], data: [UInt8]
    ) throws(Revert) -> Bool {
        guard try IdentityCore.isClaimValid(context, identity: identity, topic: topic, signature: signature, data: data) else {
            return false
        }
        return try !isRevoked(context, signature)
    }

    func isRevoked(_ context: ExecutionContext, _ signature: [UInt8]) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(Self.revokedSlot, Keccak256.hash(signature))).isZero
    }

    private func revoke(_ context: ExecutionContext, signature: [UInt8]) throws(Revert) {
        if try isRevoked(context, signature) { throw Revert.error("ClaimAlreadyRevoked()") }
        try context.storeWord(StorageKey(Self.revokedSlot, Keccak256.hash(signature)), .one)
        // An indexed `bytes` topic is keccak256 of the bytes themselves.
        try context.emit(topics: [topic("ClaimRevoked(bytes)"), Keccak256.hash(signature)], data: [])
    }

    /// The signature of `Identity(identity).getClaim(id)`: directly from an identity model, else by
    /// an ABI call (an account without code or a malformed answer reverts with empty data).
    private func claimSignature(_ context: ExecutionContext, id: Hash, identity: Address) throws(Revert) -> [UInt8] {
        if let signature = try context.callNative(identity, as: Identity.self, { _, inner throws(Revert) in
            try IdentityCore.claim(inner, id: id).signature
        }) {
            return signature
        }
        if let signature = try context.callNative(identity, as: ClaimIssuer.self, { _, inner throws(Revert) in
            try IdentityCore.claim(inner, id: id).signature
        }) {
            return signature
        }
        let calldata = (try? ABIFunction.cached("getClaim(bytes32)").encodeCall([.fixedBytes(id.bytes)])) ?? []
        let output = try context.call(identity, calldata: calldata)
        guard let values = try? ABI.decode([.uint(256), .uint(256), .address, .bytes, .bytes, .string], output) else {
            throw Revert(data: [])
        }
        return values[3].bytesValue
    }
}
