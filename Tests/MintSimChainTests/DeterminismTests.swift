import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

@Suite struct DeterminismTests {
    /// A fixed script of every kind of operation.
    static func script() throws -> Chain {
        var config = ChainConfig.development()
        config.baseFee = gwei("1")
        config.mining = .manual
        let chain = Chain(config: config)
        try chain.send(TransactionRequest(from: alice, to: bob, value: ether("1"), maxFeePerGas: gwei("3"), maxPriorityFeePerGas: gwei("1")))
        try chain.sendRaw(Transaction(type: .legacy, chainId: 31337, nonce: 0, gasPrice: gwei("2"), to: carol, value: UInt256(5))
            .signed(with: devAccounts[1].privateKey).rawBytes)
        chain.mine()
        try chain.advanceTime(by: 86_400)
        try chain.sendRaw(Transaction(type: .accessList, chainId: 31337, nonce: 1, gasPrice: gwei("1"), gasLimit: 30_000, to: alice,
            data: [1, 2, 3], accessList: [AccessListEntry(address: carol, storageKeys: [.zero])])
            .signed(with: devAccounts[1].privateKey).rawBytes)
        chain.mine(count: 2)
        // Contract activity: logs, a caught nested revert, a failed transaction.
        let counter = try chain.deploy(Counter(initial: 7), from: alice, gasLimit: 500_000).address
        try chain.transact(counter, "increment()", from: bob, gasLimit: 200_000)
        try chain.transact(counter, "tryForward(address,bytes)", [.address(counter), .bytes(try Counter.incrementThenFail.encodeCall([.string("no")]))],
            from: carol, gasLimit: 300_000)
        try chain.transact(counter, "incrementThenFail(string)", [.string("failed")], from: bob, gasLimit: 200_000)
        chain.mine()
        return chain
    }

    /// Every field of every receipt, in a fixed order, as bytes.
    static func receiptBytes(_ chain: Chain) -> [UInt8] {
        var w = RLPWriter()
        for number in 0...chain.blockNumber {
            for r in chain.receipts(block: number) {
                w.list { item in
                    item.append(bytes: r.transactionHash.bytes)
                    item.append(uint: UInt64(r.transactionIndex))
                    item.append(uint: r.blockNumber)
                    item.append(bytes: r.blockHash.bytes)
                    item.append(uint: UInt64(r.type.rawValue))
                    item.append(bytes: r.from.bytes)
                    item.append(bytes: r.to?.bytes ?? [])
                    item.append(bytes: r.contractAddress?.bytes ?? [])
                    item.append(uint: UInt64(r.status ? 1 : 0))
                    item.append(uint: r.gasUsed)
                    item.append(uint: r.cumulativeGasUsed)
                    item.append(uint: r.effectiveGasPrice)
                    item.append(bytes: r.logsBloom.bytes)
                    item.append(bytes: r.revertData)
                    for log in r.logs {
                        item.list { l in
                            l.append(bytes: log.address.bytes)
                            for topic in log.topics { l.append(bytes: topic.bytes) }
                            l.append(bytes: log.data)
                            l.append(uint: UInt64(log.logIndex))
                            l.append(uint: UInt64(log.transactionIndex))
                        }
                    }
                }
            }
        }
        return w.bytes
    }

    @Test func sameScriptSameChain() throws {
        let a = try Self.script(), b = try Self.script()
        #expect(a.blocks == b.blocks)
        for number in 0...a.blockNumber { #expect(a.receipts(block: number) == b.receipts(block: number)) }
        #expect(Self.receiptBytes(a) == Self.receiptBytes(b))
    }

    /// The hashes are fixed, so every process on every machine computes the same block hashes and
    /// byte-identical receipts (a change in the block or receipt encoding must update them knowingly).
    @Test func knownHashes() throws {
        let chain = try Self.script()
        #expect(chain.blocks.map(\.hash.hex) == Self.expectedBlockHashes)
        #expect(chain.blocks.prefix(4).map(\.timestamp) == [1_767_225_600, 1_767_225_601, 1_767_312_002, 1_767_312_003])
        #expect(Keccak256.hash(Self.receiptBytes(chain)).hex == Self.expectedReceiptsDigest)
        #expect(chain.receipts(block: chain.blockNumber).map(\.status) == [true, true, true, false])
    }

    /// keccak256 of every field of every receipt (see `receiptBytes`).
    static let expectedReceiptsDigest = "0xdfb98803f8c3d6d88406b478d475baa45b68bcf010982ebdb5cf8cbe1829733b"

    static let expectedBlockHashes = [
        "0xaf26b98105898ad4e9c289bfb441fa81e46ca70dc86638a4685157c4d4e34b0d",
        "0x1e02450fc56b8b5a1af1024377ed2d56088c23f8587782900db80652a98d34b7",
        "0x254bd613c45f6abf7fb33550f1f275ed7cc8d83b50d3952cea4aed01e41b7ff3",
        "0x022a6d928f21300e1b93eff03c15d8ac7ea9e3108d33784c7d3af87043c97e0e",
        "0x02da2e909b4552f6a7ab900bb1da195548d899b042837e405f4bb927e5e0fd6b",
    ]
}
