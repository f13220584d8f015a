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
        return chain
    }

    @Test func sameScriptSameChain() throws {
        let a = try Self.script(), b = try Self.script()
        #expect(a.blocks == b.blocks)
        for number in 0...a.blockNumber { #expect(a.receipts(block: number) == b.receipts(block: number)) }
    }

    /// The hashes are fixed: any process on any machine computes these values (a change in the block
    /// or receipt encoding must update them knowingly).
    @Test func knownHashes() throws {
        let chain = try Self.script()
        #expect(chain.blocks.map(\.hash.hex) == Self.expectedBlockHashes)
        #expect(chain.blocks.map(\.timestamp) == [1_767_225_600, 1_767_225_601, 1_767_312_002, 1_767_312_003])
    }

    static let expectedBlockHashes = [
        "0xdc29afed9c7c6a3bc2cd9963e0d89cccc66b77bdb41a9b9ca6387de1d919c10b",
        "0x5b493dac5b279555ca15d92c16610c6193050caefbee3c68191691a87f34f4ca",
        "0xc59f2fe0d92264c83ef7f50eee763056bc32ab2c2c5977b0b7d5eb9df3f4003f",
        "0x2005db7a1ff604720ebca205e9b3007251f3bb966e7036d8efa6d7af0565e30a",
    ]
}
