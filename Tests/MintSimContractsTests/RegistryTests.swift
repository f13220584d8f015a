import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

func expectContractsError(_ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \"\(message)\", nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as ContractsError {
        #expect(error.message == message, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected ContractsError, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct RegistryTests {
    @Test func deployERC20ByKindWithOptions() throws {
        let chain = Chain()
        let address = try chain.deploy(
            kind: "erc20", options: ["name": "Acme", "symbol": "ACME", "decimals": "6", "cap": "1000000", "initialSupply": "250"],
            from: deployer
        ).address
        #expect(try chain.call(address, "decimals()(uint8)") == [.uint(UInt256(6))])
        #expect(try chain.call(address, "cap()(uint256)") == [.uint(UInt256(1_000_000))])
        #expect(try chain.call(address, "balanceOf(address)(uint256)", [.address(deployer)]) == [.uint(UInt256(250))])
        #expect(chain.contract(at: address)?.kind == "erc20")
    }

    @Test func optionErrors() {
        expectContractsError("unknown contract kind 'erc777' (kinds: \(ContractRegistry.kinds.map(\.name).joined(separator: ", ")))") {
            _ = try ContractRegistry.model(kind: "erc777")
        }
        expectContractsError("erc20: unknown option 'supply' (options: name, symbol, decimals, cap, initialSupply, initialHolder)") {
            _ = try ContractRegistry.model(kind: "erc20", options: ["name": "A", "symbol": "A", "supply": "1"])
        }
        expectContractsError("erc20: option 'symbol' is required") {
            _ = try ContractRegistry.model(kind: "erc20", options: ["name": "A"])
        }
        expectContractsError("erc20: decimals: 300 does not fit in uint8") {
            _ = try ContractRegistry.model(kind: "erc20", options: ["name": "A", "symbol": "A", "decimals": "300"])
        }
        expectContractsError("erc20: initialHolder: invalid address \"0x12\": expected 40 hex digits, got 2") {
            _ = try ContractRegistry.model(kind: "erc20", options: ["name": "A", "symbol": "A", "initialHolder": "0x12"])
        }
    }

    @Test func signedCreationTransactionsDeployRegisteredKinds() throws {
        let chain = Chain()
        ContractRegistry.register(on: chain)
        #expect(Set(ContractRegistry.kinds.map(\.name)).isSubset(of: Set(chain.registeredKinds)))
        let kind = try ContractRegistry.kind(named: "erc20")
        let data = DeploymentData.encode(kind: "erc20", arguments: try kind.constructorArguments(["name": "Signed", "symbol": "SGN", "initialSupply": "7"]))
        let key = try Mnemonic(Mnemonic.defaultPhrase).accounts(count: 1)[0].privateKey
        let tx = Transaction(
            type: .dynamicFee, chainId: UInt256(31337), nonce: 0, maxPriorityFeePerGas: .zero, maxFeePerGas: .zero, gasLimit: 1_000_000,
            to: nil, value: .zero, data: data)
        let signed = try tx.signed(with: key)
        let receipt = try chain.sendSigned(signed).receipt
        let address = try #require(receipt?.contractAddress)
        #expect(address == Address.contractAddress(sender: deployer, nonce: 0))
        #expect(try chain.call(address, "symbol()(string)") == [.string("SGN")])
        #expect(try chain.call(address, "totalSupply()(uint256)") == [.uint(UInt256(7))])
    }

    @Test func malformedConstructorArgumentsRevertTheDeployment() throws {
        let kind = try ContractRegistry.kind(named: "erc20")
        #expect(throws: Revert.self) { _ = try kind.factory([0x01, 0x02]) }
        do {
            _ = try kind.factory([0x01, 0x02])
        } catch {
            #expect(error.description.hasPrefix("revert: erc20: invalid constructor arguments: "))
        }
    }
}
