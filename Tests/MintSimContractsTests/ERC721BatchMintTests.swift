import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

/// Immutable's preset batch mints on the ERC-721 model: `mintBatch(IDMint[])` and
/// `mintBatchByQuantity(Mint[])`, all or nothing, MINTER_ROLE only.
@Suite struct ERC721BatchMintTests {
    let chain = Chain(config: .development())
    var deployer: Address { chain.config.genesisAccounts[0].0 }
    var alice: Address { chain.config.genesisAccounts[1].0 }
    var bob: Address { chain.config.genesisAccounts[2].0 }

    func owner(_ token: Address, _ id: UInt64) -> Address? {
        guard case .address(let owner)? = try? chain.call(token, "ownerOf(uint256)(address)", [.uint(UInt256(id))]).first else { return nil }
        return owner
    }

    @Test func mintBatchMintsEachIdToItsOwnerInOrder() throws {
        let token = try chain.deploy(ERC721Token(name: "Game", symbol: "G"), from: deployer).address
        let (_, receipt) = try chain.transact(
            token, "mintBatch((address,uint256[])[])",
            [.array([.tuple([.address(alice), .array([.uint(7), .uint(3)])]), .tuple([.address(bob), .array([.uint(9)])])])],
            from: deployer)
        let logs = try #require(receipt).logs
        #expect(logs.count == 3)
        #expect(logs.map { try? UInt256(bigEndian: $0.topics[3].bytes) } == [UInt256(7), UInt256(3), UInt256(9)])
        #expect(owner(token, 7) == alice)
        #expect(owner(token, 3) == alice)
        #expect(owner(token, 9) == bob)
    }

    @Test func mintBatchByQuantityTakesIdsFromTheSequentialCounter() throws {
        let token = try chain.deploy(ERC721Token(name: "Game", symbol: "G"), from: deployer).address
        try chain.transact(token, "mint(address,uint256)", [.address(bob), .uint(1)], from: deployer)
        try chain.transact(
            token, "mintBatchByQuantity((address,uint256)[])", [.array([.tuple([.address(alice), .uint(2)]), .tuple([.address(bob), .uint(1)])])],
            from: deployer)
        // 1 exists: the counter skips it.
        #expect(owner(token, 0) == alice)
        #expect(owner(token, 2) == alice)
        #expect(owner(token, 3) == bob)
        #expect(try chain.call(token, "nextTokenId()(uint256)").first == .uint(4))
    }

    @Test func aBatchIsAllOrNothing() throws {
        let token = try chain.deploy(ERC721Token(name: "Game", symbol: "G"), from: deployer).address
        try chain.transact(token, "mint(address,uint256)", [.address(bob), .uint(5)], from: deployer)
        #expect(throws: ChainError.self) {
            try chain.transact(
                token, "mintBatch((address,uint256[])[])", [.array([.tuple([.address(alice), .array([.uint(4), .uint(5)])])])], from: deployer)
        }
        #expect(owner(token, 4) == nil)
        // Only minters.
        do {
            try chain.transact(token, "mintBatchByQuantity((address,uint256)[])", [.array([.tuple([.address(alice), .uint(1)])])], from: alice)
            Issue.record("a non-minter minted")
        } catch {
            #expect(error.revert == Revert.error("AccessControlUnauthorizedAccount(address,bytes32)", [.address(alice), .fixedBytes(Role.minter.bytes)]))
        }
        do {
            try chain.transact(token, "mintBatchByQuantity((address,uint256)[])", [.array([.tuple([.address(alice), .uint(0)])])], from: deployer)
            Issue.record("a zero quantity minted")
        } catch {
            #expect(error.revert == Revert.error("ERC721InvalidQuantity(uint256)", [.uint(0)]))
        }
    }
}
