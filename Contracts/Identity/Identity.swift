import MintSimChain
import MintSimPrimitives

/// An ONCHAINID Identity (ERC-734 key holder and ERC-735 claim holder) as onchain-id/solidity's
/// `Identity` and `KeyManager` (v2.2.2 sources, custom errors) build it: keys with purposes
/// (1 MANAGEMENT, which implies every purpose; 2 ACTION; 3 CLAIM; 4 ENCRYPTION), claims by id
/// keccak256(abi.encode(issuer, topic)), and `isClaimValid` for claims this identity signs.
///
/// Differences from ONCHAINID: no `execute`/`approve` (management and claim calls are made by the
/// keys directly), no proxy initialisation, upgrades, ERC-4337 or multicall; a zero
/// `initialManagementKey` means the deployer instead of reverting with ZeroAddress.
public struct Identity: ContractModel {
    public static let kind = "identity"
    public var kind: String { Self.kind }

    /// Becomes the identity's MANAGEMENT key (the deployer when zero).
    public let initialManagementKey: Address

    public init(initialManagementKey: Address = .zero) {
        self.initialManagementKey = initialManagementKey
    }

    public static let constructorDeclaration = "constructor(address initialManagementKey)"

    public var constructorArguments: [UInt8] { initialManagementKey.word }

    /// Builds the identity from ABI-encoded constructor arguments.
    public init(arguments: [UInt8]) throws(Revert) {
        let values = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init(initialManagementKey: values[0].addressValue)
    }

    public static let interface = ContractInterface(
        [constructorDeclaration] + IdentityCore.Function.declarations + IdentityCore.events + IdentityCore.errors)

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try IdentityCore.setUp(context, initialManagementKey: initialManagementKey == .zero ? context.sender : initialManagementKey)
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue, let function = IdentityCore.Function(rawValue: selector) else {
            throw Revert(data: [])
        }
        return try IdentityCore.call(function, context) { context, identity, topic, signature, data throws(Revert) in
            try IdentityCore.isClaimValid(context, identity: identity, topic: topic, signature: signature, data: data)
        }
    }
}
