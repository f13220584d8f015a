import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives

extension Runner {
    /// A whole T-REX suite on a chain in manual mining: claim topics (KYC), a trusted claim issuer,
    /// identity registry and storage, a modular compliance with three modules (country allow list,
    /// max balance, transfer restriction), the security token, and two verified investors in allowed
    /// countries, the first holding the supply.
    struct SecurityTokenSuite {
        let chain: Chain
        let token: Address
        let sender: Address
        let receiver: Address

        init?() {
            let accounts = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 10)) ?? []
            guard accounts.count == 10 else { return nil }
            let owner = accounts[0].address, signer = accounts[6]
            let sender = accounts[1].address, receiver = accounts[2].address
            var config = ChainConfig.development()
            config.mining = .manual
            let chain = Chain(config: config)
            let kyc = UInt256(1)
            let token: Address
            do {
                func deploy(_ model: any ContractModel, from: Address = owner) throws -> Address {
                    try chain.deploy(model, from: from, gasLimit: 5_000_000).address
                }
                func send(_ to: Address, _ signature: String, _ arguments: [ABIValue], from: Address = owner) throws {
                    let data = try ABIFunction.cached(signature).encodeCall(arguments)
                    _ = try chain.send(TransactionRequest(from: from, to: to, data: data, gasLimit: 5_000_000))
                    chain.mine()
                }
                let topics = try deploy(ClaimTopicsRegistry()), issuers = try deploy(TrustedIssuersRegistry())
                let issuer = try deploy(ClaimIssuer(initialManagementKey: signer.address))
                let storage = try deploy(IdentityRegistryStorage())
                let registry = try deploy(IdentityRegistry(trustedIssuersRegistry: issuers, claimTopicsRegistry: topics, identityStorage: storage))
                let compliance = try deploy(ModularCompliance())
                chain.mine()
                try send(topics, "addClaimTopic(uint256)", [.uint(kyc)])
                try send(issuers, "addTrustedIssuer(address,uint256[])", [.address(issuer), .array([.uint(kyc)])])
                try send(storage, "bindIdentityRegistry(address)", [.address(registry)])
                try send(registry, "addAgent(address)", [.address(owner)])
                token = try deploy(
                    SecurityToken(
                        name: "Bench Shares", symbol: "BNCH", decimals: 0, identityRegistry: registry, compliance: compliance,
                        onchainID: .zero, cap: .zero, assetType: "equity", basePrice: .zero, currency: "USD"))
                chain.mine()
                let modules: [(any ContractModel, String, [ABIValue])] = [
                    (CountryAllowModule(), "batchAllowCountries(uint16[])", [.array([.uint(UInt256(840)), .uint(UInt256(826))])]),
                    (MaxBalanceModule(), "setMaxBalance(uint256)", [.uint(UInt256(UInt64(1) << 62))]),
                    (TransferRestrictModule(), "allowUser(address)", [.address(sender)]),
                ]
                for (model, signature, arguments) in modules {
                    let module = try deploy(model)
                    chain.mine()
                    try send(compliance, "addModule(address)", [.address(module)])
                    let calldata = try ABIFunction.cached(signature).encodeCall(arguments)
                    try send(compliance, "callModuleFunction(bytes,address)", [.bytes(calldata), .address(module)])
                }
                for (wallet, country) in [(sender, UInt64(840)), (receiver, UInt64(826))] {
                    let identity = try deploy(Identity(initialManagementKey: wallet), from: wallet)
                    chain.mine()
                    try send(registry, "registerIdentity(address,address,uint16)", [.address(wallet), .address(identity), .uint(UInt256(country))])
                    let data = Array("KYC passed".utf8)
                    let signature = ClaimSigning.signature(identity: identity, topic: kyc, data: data, key: signer.privateKey)
                    try send(
                        identity, "addClaim(uint256,uint256,address,bytes,bytes,string)",
                        [.uint(kyc), .uint(.one), .address(issuer), .bytes(signature), .bytes(data), .string("")], from: wallet)
                }
                try send(token, "unpause()", [])
                try send(token, "mint(address,uint256)", [.address(sender), .uint(UInt256(UInt64(1) << 40))])
            } catch {
                FileHandle.standardError.write(Data("error: security token suite: \(error)\n".utf8))
                return nil
            }
            self.chain = chain
            self.token = token
            self.sender = sender
            self.receiver = receiver
        }
    }

    /// Compliant security-token transfers (identity verified by a signed claim, three modules bound).
    mutating func runSecurityToken() {
        guard var suite = SecurityTokenSuite() else { exit(1) }
        let transfer = (try? ABIFunction.cached("transfer(address,uint256)").encodeCall([.address(suite.receiver), .uint(.one)])) ?? []
        group([
            ("security token: compliant transfer, 3 modules, 100 per block", { n in
                if suite.chain.blockNumber > 2_000, let fresh = SecurityTokenSuite() { suite = fresh }
                for i in 0..<n {
                    _ = try? suite.chain.send(TransactionRequest(from: suite.sender, to: suite.token, data: transfer, gasLimit: 1_000_000))
                    if i % 100 == 99 { suite.chain.mine() }
                }
                suite.chain.mine()
            }),
        ])
        let receipts = (0...suite.chain.blockNumber).reversed().lazy.map { suite.chain.receipts(block: $0) }.first { !$0.isEmpty } ?? []
        guard !receipts.isEmpty, receipts.allSatisfy(\.status) else {
            FileHandle.standardError.write(Data("error: security token transfers did not all succeed\n".utf8))
            exit(1)
        }
    }
}
