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
        "0xaf26b98105898ad4e9c289bfb441fa81e46ca70dc86638a4685157c4d4e34b0d",
        "0x1e02450fc56b8b5a1af1024377ed2d56088c23f8587782900db80652a98d34b7",
        "0x254bd613c45f6abf7fb33550f1f275ed7cc8d83b50d3952cea4aed01e41b7ff3",
        "0x022a6d928f21300e1b93eff03c15d8ac7ea9e3108d33784c7d3af87043c97e0e",
    ]
}
