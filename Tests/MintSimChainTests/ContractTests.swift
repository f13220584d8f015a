import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

@Suite struct ContractTests {
    func deployCounter(_ chain: Chain, initial: UInt64 = 10, from: Address = alice) throws -> Address {
        let (address, _, receipt) = try chain.deploy(Counter(initial: initial), from: from)
        #expect(receipt?.status == true)
        #expect(receipt?.contractAddress == address)
        return address
    }

    func count(_ chain: Chain, _ counter: Address) throws -> UInt256 {
        guard case .uint(let value) = try chain.call(counter, "count()(uint256)").first else { return .max }
        return value
    }

    @Test func deploysAtTheCreateAddress() throws {
        let chain = Chain()
        try chain.send(TransactionRequest(from: alice, to: bob))  // nonce 0 used
        let counter = try deployCounter(chain)
        #expect(counter == Address.contractAddress(sender: alice, nonce: 1))
        // The well-known address of the first contract account 0 deploys on Anvil/Hardhat at nonce 0.
        #expect(Address.contractAddress(sender: alice, nonce: 0).checksummed == "0x5FbDB2315678afecb367f032d93F642f64180aa3")
        #expect(chain.nonce(of: alice) == 2)
        #expect(chain.nonce(of: counter) == 1)
        #expect(chain.contract(at: counter)?.kind == "counter")
        #expect(try count(chain, counter) == UInt256(10))
    }

    @Test func callsChangeStateAndEmitEvents() throws {
        let chain = Chain()
        let counter = try deployCounter(chain)
        let (hash, receipt) = try chain.transact(counter, "increment()", from: bob)
        let r = try #require(receipt)
        #expect(r.status)
        #expect(try count(chain, counter) == UInt256(11))
        #expect(r.logs.count == 1)
        let log = r.logs[0]
        #expect(log.address == counter)
        #expect(log.topics == [Keccak256.hash(Counter.incrementedEvent), bob.word32])
        #expect(try ABI.decode([.uint(256), .string], log.data) == [.uint(UInt256(11)), .string("increment")])
        #expect(log.transactionHash == hash && log.blockNumber == r.blockNumber && log.blockHash == r.blockHash)
        #expect(log.logIndex == 0 && log.transactionIndex == 0)
        #expect(r.logsBloom.mayContain(counter) && r.logsBloom.mayContain(bob.word32))
        #expect(chain.latestBlock.logsBloom == r.logsBloom)
        // Gas: intrinsic + 2 loads + a store update + a new store + the log.
        let logGas: UInt64 = 375 + 2 * 375 + 8 * UInt64(log.data.count)
        #expect(r.gasUsed == 21_000 + 16 * 4 + 2 * 2_100 + 2_900 + 20_000 + logGas)
        #expect(chain.storage(of: counter, Counter.bySlot(bob)) == .word(.one))
    }

    @Test func revertUndoesEverythingButTheNonceAndFee() throws {
        var config = ChainConfig.development()
        config.baseFee = gwei("1")
        let chain = Chain(config: config)
        let counter = try deployCounter(chain)
        let balanceBefore = chain.balance(of: bob)
        let data = try Counter.incrementThenFail.encodeCall([.string("no luck")])
        // Without a gas limit the estimate reverts and nothing is sent.
        do {
            try chain.send(TransactionRequest(from: bob, to: counter, data: data))
            Issue.record("expected a revert")
        } catch {
            #expect(error.code == .executionReverted)
            #expect(error.message == "execution reverted: revert: no luck")
            #expect(error.revert == Revert.reason("no luck"))
        }
        #expect(chain.nonce(of: bob) == 0)
        // With a gas limit it is mined with status 0.
        let (_, receipt) = try chain.send(TransactionRequest(from: bob, to: counter, data: data, gasLimit: 200_000, maxFeePerGas: gwei("1")))
        let r = try #require(receipt)
        #expect(!r.status)
        #expect(r.logs.isEmpty)
        #expect(r.revertData == Revert.reason("no luck").data)
        #expect(try count(chain, counter) == UInt256(10))
        #expect(chain.storage(of: counter, Counter.bySlot(bob)) == nil)
        #expect(chain.nonce(of: bob) == 1)
        #expect(chain.balance(of: bob) == balanceBefore &- UInt256(r.gasUsed) &* gwei("1"))
    }

    @Test func customErrorsCarryTheirArguments() throws {
        let chain = Chain()
        let counter = try deployCounter(chain)
        do {
            _ = try chain.call(counter, "failCustom(uint256)", [.uint(UInt256(42))])
            Issue.record("expected a revert")
        } catch {
            let expected = try ABIFunction(parsing: "CounterError(uint256)").encodeCall([.uint(UInt256(42))])
            #expect(error.revert?.data == expected)
            #expect(error.message == "execution reverted: revert: \(expected.hex)")
        }
    }

    @Test func nestedRevertUndoesTheWholeCallTree() throws {
        let chain = Chain()
        let outer = try deployCounter(chain, initial: 100)
        let inner = try deployCounter(chain, initial: 200)
        let failing = try Counter.incrementThenFail.encodeCall([.string("inner says no")])
        // forward: outer bumps itself, then calls inner, which bumps and reverts; the revert bubbles up.
        let (_, receipt) = try chain.transact(outer, "forward(address,bytes)", [.address(inner), .bytes(failing)], from: bob, gasLimit: 500_000)
        #expect(receipt?.status == false)
        #expect(receipt?.revertData == Revert.reason("inner says no").data)
        #expect(try count(chain, outer) == UInt256(100))
        #expect(try count(chain, inner) == UInt256(200))

        // tryForward: the inner revert is caught; only the inner changes and logs are undone.
        let (_, caught) = try chain.transact(outer, "tryForward(address,bytes)", [.address(inner), .bytes(failing)], from: bob)
        let r = try #require(caught)
        #expect(r.status)
        #expect(try count(chain, outer) == UInt256(101))
        #expect(try count(chain, inner) == UInt256(200))
        #expect(chain.storage(of: outer, Counter.lastTrySlot) == .word(UInt256(2)))
        #expect(r.logs.map(\.address) == [outer])

        // A successful nested call keeps both sides' changes and logs, in order.
        let increment = try Counter.increment.encodeCall([])
        let (_, both) = try chain.transact(outer, "forward(address,bytes)", [.address(inner), .bytes(increment)], from: bob)
        #expect(try count(chain, outer) == UInt256(102))
        #expect(try count(chain, inner) == UInt256(201))
        #expect(both?.logs.map(\.address) == [outer, inner])
        #expect(both?.logs.map(\.logIndex) == [0, 1])
        // msg.sender of the inner call is the outer contract.
        #expect(chain.storage(of: inner, Counter.bySlot(outer)) == .word(.one))
    }

    @Test func outOfGasUsesTheWholeLimit() throws {
        let chain = Chain()
        let counter = try deployCounter(chain)
        let (_, receipt) = try chain.transact(counter, "burnGas()", from: bob, gasLimit: 3_000_000)
        #expect(receipt?.status == false)
        #expect(receipt?.gasUsed == 3_000_000)
        #expect(receipt?.revertData == [])
    }

    @Test func valueToContracts() throws {
        let chain = Chain()
        let counter = try deployCounter(chain)
        try chain.transact(counter, "increment()", from: bob, value: ether("1"))
        #expect(chain.balance(of: counter) == ether("1"))
        #expect(chain.balance(of: bob) == tenThousandEther &- ether("1"))
    }

    @Test func readOnlyCallsChangeNothing() throws {
        let chain = Chain()
        let counter = try deployCounter(chain)
        let before = ChainFingerprint(chain)
        let output = try chain.call(to: counter, data: Counter.increment.encodeCall([]), from: bob)
        #expect(output.isEmpty)
        #expect(try count(chain, counter) == UInt256(10))
        #expect(ChainFingerprint(chain) == before)
        expectChainError("execution reverted: revert (no data)") { _ = try chain.call(to: counter, data: [0xde, 0xad, 0xbe, 0xef]) }
        expectChainError("count(uint256): expected 1 value(s) for (uint256), got 0") { _ = try chain.call(counter, "count(uint256)", []) }
        expectChainError("count()(string): cannot decode the output: value 0: needs 32 bytes at offset 10 but the data is 32 bytes") {
            _ = try chain.call(counter, "count()(string)", [])
        }
        expectChainError("nope(: invalid signature \"nope(\": invalid ABI type \"nope(\" at position 5: expected a type") {
            _ = try chain.call(counter, "nope(", [])
        }
    }

    @Test func snapshotsCoverContractStorageAndCode() throws {
        let chain = Chain()
        let id = chain.snapshot()
        let counter = try deployCounter(chain)
        try chain.transact(counter, "add(uint256)", [.uint(UInt256(5))], from: bob)
        #expect(try count(chain, counter) == UInt256(15))
        let mid = chain.snapshot()
        try chain.transact(counter, "add(uint256)", [.uint(UInt256(5))], from: bob)
        try chain.revert(to: mid)
        #expect(try count(chain, counter) == UInt256(15))
        try chain.revert(to: id)
        #expect(chain.contract(at: counter) == nil)
        #expect(chain.storage(of: counter, Counter.countSlot) == nil)
        #expect(chain.nonce(of: counter) == 0)
    }

    @Test func logFilters() throws {
        let chain = Chain()
        let a = try deployCounter(chain, initial: 0)
        let b = try deployCounter(chain, initial: 0)
        try chain.transact(a, "increment()", from: alice)  // block 3
        try chain.transact(b, "increment()", from: bob)  // block 4
        try chain.transact(a, "add(uint256)", [.uint(UInt256(2))], from: bob)  // block 5
        let topic0 = Keccak256.hash(Counter.incrementedEvent)
        #expect(try chain.logs(LogFilter()).count == 3)
        #expect(try chain.logs(LogFilter(addresses: [a])).map(\.blockNumber) == [3, 5])
        #expect(try chain.logs(LogFilter(addresses: [a, b])).map(\.blockNumber) == [3, 4, 5])
        #expect(try chain.logs(LogFilter(topics: [[topic0], [bob.word32]])).map(\.blockNumber) == [4, 5])
        #expect(try chain.logs(LogFilter(topics: [nil, [alice.word32, bob.word32]])).count == 3)
        #expect(try chain.logs(LogFilter(topics: [[Hash.zero]])).isEmpty)
        #expect(try chain.logs(LogFilter(topics: [nil, nil, [Hash.zero]])).isEmpty)  // no third topic
        #expect(try chain.logs(LogFilter(fromBlock: 4, toBlock: 4)).map(\.address) == [b])
        #expect(try chain.logs(LogFilter(fromBlock: 4, toBlock: 99)).count == 2)
        #expect(try chain.logs(LogFilter(fromBlock: 99)).isEmpty)
        expectChainError("invalid block range: fromBlock 5 is after toBlock 4") { _ = try chain.logs(LogFilter(fromBlock: 5, toBlock: 4)) }
    }

    @Test func signedCreationDeploysARegisteredModel() throws {
        let chain = Chain()
        chain.registerModel(kind: "counter", factory: Counter.factory)
        #expect(chain.registeredKinds == ["counter"])
        let key = devAccounts[4].privateKey
        let deployer = devAccounts[4].address
        let data = DeploymentData.encode(kind: "counter", arguments: UInt256(41).bytes32)
        let create = try Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, gasLimit: 500_000, to: nil, data: data).signed(with: key)
        let (_, receipt) = try chain.sendRaw(create.rawBytes)
        let address = Address.contractAddress(sender: deployer, nonce: 0)
        #expect(receipt?.status == true)
        #expect(receipt?.contractAddress == address)
        #expect(chain.contract(at: address)?.kind == "counter")
        #expect(try count(chain, address) == UInt256(41))

        // Arguments the factory refuses revert the deployment: mined with status 0, nothing deployed.
        let bad = try Transaction(
            type: .dynamicFee, chainId: 31337, nonce: 1, gasLimit: 500_000, to: nil,
            data: DeploymentData.encode(kind: "counter", arguments: [1, 2, 3])
        ).signed(with: key)
        let (_, failed) = try chain.sendRaw(bad.rawBytes)
        #expect(failed?.status == false)
        #expect(failed?.revertData == Revert.reason("Counter: bad constructor arguments").data)
        #expect(chain.contract(at: Address.contractAddress(sender: deployer, nonce: 1)) == nil)
        #expect(chain.nonce(of: deployer) == 2)

        // A kind nobody registered is refused before it is sent.
        let unknown = try Transaction(
            type: .dynamicFee, chainId: 31337, nonce: 2, gasLimit: 500_000, to: nil, data: DeploymentData.encode(kind: "erc42", arguments: [])
        ).signed(with: key)
        expectChainError("contract creation: no contract model of kind \"erc42\" (registered: counter)") { try chain.sendRaw(unknown.rawBytes) }
        let fresh = Chain()
        let unknownFirst = try Transaction(
            type: .dynamicFee, chainId: 31337, nonce: 0, gasLimit: 500_000, to: nil, data: DeploymentData.encode(kind: "erc42", arguments: [])
        ).signed(with: key)
        expectChainError("contract creation: no contract model of kind \"erc42\" (none is registered)") { try fresh.sendRaw(unknownFirst.rawBytes) }
    }

    @Test func deploymentDataRoundTrips() {
        let data = DeploymentData.encode(kind: "security-token", arguments: [0, 1, 2])
        #expect(Array(data.prefix(8)) == Array("mintsim:".utf8))
        #expect(DeploymentData.decode(data)?.kind == "security-token")
        #expect(DeploymentData.decode(data)?.arguments == [0, 1, 2])
        #expect(DeploymentData.decode(Array("mintsim:".utf8)) == nil)
        #expect(DeploymentData.decode(Array("mintsim:x".utf8)) == nil)  // no terminator
        #expect(DeploymentData.decode([0x60, 0x80, 0x60, 0x40]) == nil)  // EVM bytecode
        #expect(DeploymentData.decode(Array("mintsim:".utf8) + [0]) == nil)  // empty kind
    }

    @Test func creationWithoutAModelIsRefused() throws {
        let chain = Chain()
        let create = try Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, gasLimit: 200_000, to: nil, data: [1, 2])
            .signed(with: devAccounts[0].privateKey)
        expectChainError("contract creation: the transaction data names no contract model; deploy models with Chain.deploy") {
            try chain.sendRaw(create.rawBytes)
        }
    }
}
