import MintSimTesting
import Testing

/// The library as a user's test suite uses it.
@Suite struct UsageTests {
    @Test func aCappedPausableTokenMovesBalancesAndRefusesWhatOpenZeppelinRefuses() throws {
        let t = try TestChain(accounts: ["owner", "alice", "bob"])
        let owner = t["owner"], alice = t["alice"], bob = t["bob"]
        let token = try t.deploy("erc20", ["name": "Acme", "symbol": "ACME", "cap": "1000"], from: owner)

        try token.send("mint(address,uint256)", alice, 500, from: owner)
        #expect(try token.balance(of: alice) == 500)

        let receipt = try expectBalanceChanges(token, [alice: -200, bob: +200]) {
            try token.send("transfer(address,uint256)", bob, 200, from: alice)
        }
        try expectEvent(receipt, "Transfer", from: token.address, ["from": alice, "to": bob, "value": 200])

        try expectRevert("ERC20InsufficientBalance", [bob, 200, 201]) {
            try token.send("transfer(address,uint256)", alice, 201, from: bob)
        }
        try expectRevert("ERC20ExceededCap", [1001, 1000]) {
            try token.send("mint(address,uint256)", bob, 501, from: owner)
        }

        try token.send("pause()", from: owner)
        try expectRevert("EnforcedPause") {
            try token.send("transfer(address,uint256)", bob, 1, from: alice)
        }
    }

    @Test func namedAccountsAreTheDefaultMnemonicsFundedAtGenesis() throws {
        let t = try TestChain(accounts: ["owner", "alice"])
        #expect(t["owner"] == (try Address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")))
        #expect(try t.account("alice") == (try Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")))
        #expect(try t.privateKey("owner").address == t["owner"])
        #expect(t.name(of: t["alice"]) == "alice")
        #expect(t.chain.config.genesisAccounts.count == 10)
        #expect(t.chain.balance(of: t["alice"]) == (try UInt256(amount: "10000", decimals: 18)))

        let many = try TestChain(accounts: (0..<12).map { "account\($0)" })
        #expect(many.chain.config.genesisAccounts.count == 12)
        #expect(many.chain.balance(of: many["account11"]) == (try UInt256(amount: "10000", decimals: 18)))
    }

    @Test func eventsAreFoundByArgumentSubsetAndReturnedDecoded() throws {
        let t = try TestChain(accounts: ["owner", "alice", "bob"])
        let token = try t.deploy("erc20", ["name": "Acme", "symbol": "ACME", "initialSupply": "1000"], from: t["owner"])
        let receipt = try token.send("approve(address,uint256)", t["alice"], 300, from: t["owner"])
        let approval = try expectEvent(receipt, "Approval", ["spender": t["alice"]])
        #expect(approval.argument("value") == .uint(300))
        #expect(approval.signature == "Approval(address,address,uint256)")
        try expectEvent(receipt, "Approval(address,address,uint256)", from: token.address, ["owner": t["owner"], "value": .uint(300)])
        try expectNoEvent(receipt, "Transfer")

        let transfer = try token.send("transferFrom(address,address,uint256)", t["owner"], t["bob"], 300, from: t["alice"])
        try expectEvent(transfer, "Transfer", ["to": t["bob"]])
        try expectNoEvent(transfer, "Approval")  // OpenZeppelin v5 emits no Approval from transferFrom
        #expect(try token.uint("allowance(address,address)", t["owner"], t["alice"]) == 0)
        #expect(try token.call("symbol()(string)") == [.string("ACME")])
    }

    @Test func anERC721IsMintedAndOwned() throws {
        let t = try TestChain(accounts: ["owner", "alice", "bob"])
        let nft = try t.deploy("erc721", ["name": "Deeds", "symbol": "DEED"], from: t["owner"])
        let receipt = try nft.send("mint(address,uint256)", t["alice"], 7, from: t["owner"])
        try expectEvent(receipt, "Transfer", from: nft.address, ["from": Address.zero, "to": t["alice"], "tokenId": 7])
        #expect(try nft.owner(of: 7) == t["alice"])
        #expect(try nft.balance(of: t["alice"]) == 1)

        try expectBalanceChanges(nft, [t["alice"]: -1, t["bob"]: +1]) {
            try nft.send("transferFrom(address,address,uint256)", t["alice"], t["bob"], 7, from: t["alice"])
        }
        #expect(try nft.owner(of: 7) == t["bob"])
        try expectRevert("ERC721NonexistentToken", [8]) { try nft.owner(of: 8) }
    }

    @Test func anERC1155BalanceIsPerId() throws {
        let t = try TestChain(accounts: ["owner", "alice", "bob"])
        let items = try t.deploy("erc1155", ["uri": "https://example.com/{id}.json"], from: t["owner"])
        try items.send("mint(address,uint256,uint256,bytes)", t["alice"], 1, 50, .bytes([]), from: t["owner"])
        #expect(try items.balance(of: t["alice"], id: 1) == 50)
        #expect(try items.balance(of: t["alice"], id: 2) == 0)

        let receipt = try expectBalanceChanges(items, [t["alice"]: -20, t["bob"]: +20], id: 1) {
            try items.send(
                "safeTransferFrom(address,address,uint256,uint256,bytes)", t["alice"], t["bob"], 1, 20, .bytes([]), from: t["alice"])
        }
        try expectEvent(receipt, "TransferSingle", ["from": t["alice"], "to": t["bob"], "id": 1, "value": 20])
        try items.send(
            "mintBatch(address,uint256[],uint256[],bytes)", t["bob"], .array([2, 3]), .array([5, 6]), .bytes([]), from: t["owner"])
        #expect(try items.balance(of: t["bob"], id: 3) == 6)
    }

    @Test func balanceChangesBeyond64BitsAreWrittenAsLiterals() throws {
        let t = try TestChain(accounts: ["owner", "alice"])
        let token = try t.deploy("erc20", ["name": "Acme", "symbol": "ACME"], from: t["owner"])
        let million = try UInt256(amount: "1000000", decimals: 18)
        try expectBalanceChanges(token, [t["alice"]: 1_000_000_000_000_000_000_000_000, t["owner"]: 0]) {
            try token.send("mint(address,uint256)", t["alice"], million, from: t["owner"])
        }
        try expectBalanceChanges(token, [t["alice"]: .decrease(million)]) {
            try token.send("burn(uint256)", million, from: t["alice"])
        }
    }

    @Test func aSecurityTokenRefusalIsCheckedWithItsExplanation() throws {
        let t = try TestChain(accounts: ["issuer", "investor"])
        let issuer = t["issuer"]
        let topics = try t.deploy("claim-topics-registry", from: issuer)
        let trusted = try t.deploy("trusted-issuers-registry", from: issuer)
        let storage = try t.deploy("identity-registry-storage", from: issuer)
        let registry = try t.deploy(
            "identity-registry",
            ["trustedIssuersRegistry": "\(trusted.address)", "claimTopicsRegistry": "\(topics.address)", "identityStorage": "\(storage.address)"],
            from: issuer)
        try storage.send("bindIdentityRegistry(address)", registry, from: issuer)
        let compliance = try t.deploy("modular-compliance", from: issuer)
        let token = try t.deploy(
            "security-token",
            ["name": "Acme Shares", "symbol": "ACS", "identityRegistry": "\(registry.address)", "compliance": "\(compliance.address)"],
            from: issuer)

        try expectRevert("UnverifiedIdentity", explanationContains: "wallet \(t["investor"]) has no identity") {
            try token.send("mint(address,uint256)", t["investor"], 100, from: issuer)
        }
    }

    @Test func revertsMinedWithStatusZeroAreExpectedLikeThrownOnes() throws {
        let t = try TestChain(accounts: ["owner", "alice"])
        let token = try t.deploy("erc20", ["name": "Acme", "symbol": "ACME"], from: t["owner"])
        let blocks = t.chain.blockNumber
        try expectRevert("ERC20InsufficientBalance", [t["alice"], 0, 5]) {
            try token.send("transfer(address,uint256)", t["owner"], 5, from: t["alice"], gasLimit: 100_000)
        }
        try expectRevert("ERC20InsufficientBalance") {
            try t.chain.transact(token.address, "transfer(address,uint256)", [.address(t["owner"]), .uint(5)], from: t["alice"], gasLimit: 100_000)
        }
        #expect(t.chain.blockNumber == blocks + 2)  // both were mined, with status 0

        let reverted = try #require(throws: ContractReverted.self) {
            try token.send("transfer(address,uint256)", t["owner"], 5, from: t["alice"], gasLimit: 100_000)
        }
        #expect(reverted.receipt?.status == false)
        #expect(reverted.decoded?.name == "ERC20InsufficientBalance")
        #expect(
            reverted.description
                == "transfer(address,uint256) on erc20 \(token.address) reverted with ERC20InsufficientBalance(sender: \(t["alice"]), balance: 0, needed: 5)")

        // Straight through the chain, without the library's Contract.
        try expectRevert("ERC20InsufficientBalance") {
            try t.chain.transact(token.address, "transfer(address,uint256)", [.address(t["owner"]), .uint(5)], from: t["alice"])
        }
    }

    @Test func reasonsPanicsAndErrorsNoKindDeclares() throws {
        let t = try TestChain(accounts: ["owner"])
        let vault = Contract(address: try t.chain.deploy(Vault(), from: t["owner"]).address, kind: "vault", chain: t.chain)
        try expectRevert(reason: "Vault: nothing to withdraw") { try vault.send("withdraw(uint256)", 1, from: t["owner"]) }
        try expectRevert("Error", ["Vault: nothing to withdraw"]) { try vault.send("withdraw(uint256)", 1, from: t["owner"]) }
        try expectRevert("Panic", [0x11]) { try vault.send("panic()", from: t["owner"]) }
        try expectRevert("Locked(uint256)", [Vault.unlockTime], explanationContains: "opens at 1767300000") {
            try vault.send("unlock()", from: t["owner"])
        }
        let revert = try expectRevert { try vault.send("nothing()", from: t["owner"]) }
        #expect(revert.data.isEmpty)
        let deployed = try t.contract(at: vault.address)
        #expect(deployed.kind == "vault")
    }

    @Test func constructorRevertsAreExpectedToo() throws {
        let t = try TestChain(accounts: ["owner"])
        try expectRevert("ERC20ExceededCap", [11, 10]) {
            try t.deploy("erc20", ["name": "Acme", "symbol": "ACME", "cap": "10", "initialSupply": "11"], from: t["owner"])
        }
    }
}
