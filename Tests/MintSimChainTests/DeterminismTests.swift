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
        "0x067a2a6d59f212d2c7666f15a51ac9f94a26f1bdfd2c926c337a14eb76dca763",
        "0x3ffaf89544025e49afbd1b634ebda61fe1b4e0c1c5b4b5b49cf7966ec5faf4bd",
        "0xf0486c711e71a9700d6b2e1d28ee48975d44e580b0529c0fb3ee2ee0505a24d3",
        "0x37a48fa0b92e161702e55112cee333ce4d9686d89a27549a2dec2a8a19b81ef1",
    ]
}
