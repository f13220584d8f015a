import MintSimTesting
import Testing

/// Each assertion's failure, message for message: what a user reads when a test fails.
@Suite struct FailureMessageTests {
    let t: TestChain
    let owner: Address, alice: Address, bob: Address, carol: Address
    let token: Contract

    init() throws {
        t = try TestChain(accounts: ["owner", "alice", "bob", "carol"])
        owner = t["owner"]
        alice = t["alice"]
        bob = t["bob"]
        carol = t["carol"]
        token = try t.deploy("erc20", ["name": "Acme", "symbol": "ACME"], from: owner)
        try token.send("mint(address,uint256)", alice, 5, from: owner)
    }

    // MARK: expectRevert

    @Test func aCallThatSucceeds() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsufficientBalance") { try token.send("transfer(address,uint256)", bob, 1, from: alice) }
        }
        #expect(failure.message == "expected a revert with ERC20InsufficientBalance, but the call succeeded")
    }

    @Test func aCallThatSucceedsWhenArgumentsWereExpected() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsufficientBalance", [alice, 5, 6]) { try token.send("transfer(address,uint256)", bob, 1, from: alice) }
        }
        #expect(
            failure.message == "expected a revert with ERC20InsufficientBalance(sender: \(alice), balance: 5, needed: 6), but the call succeeded")
    }

    @Test func anotherError() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsufficientBalance") { try token.send("transfer(address,uint256)", Address.zero, 1, from: alice) }
        }
        #expect(
            failure.message
                == "expected a revert with ERC20InsufficientBalance, but it reverted with ERC20InvalidReceiver(receiver: 0x0000000000000000000000000000000000000000)")
    }

    @Test func otherArguments() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsufficientBalance", [alice, 0, 10]) { try token.send("transfer(address,uint256)", bob, 10, from: alice) }
        }
        #expect(
            failure.message == "expected a revert with ERC20InsufficientBalance(sender: \(alice), balance: 0, needed: 10), "
                + "but it reverted with ERC20InsufficientBalance(sender: \(alice), balance: 5, needed: 10) (balance differs)")

        let two = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsufficientBalance", [bob, 0, 11]) { try token.send("transfer(address,uint256)", bob, 10, from: alice) }
        }
        #expect(two.message.hasSuffix("(sender, balance and needed differ)"))
    }

    @Test func theWrongNumberOfArguments() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsufficientBalance", [alice, 5]) { try token.send("transfer(address,uint256)", bob, 10, from: alice) }
        }
        #expect(failure.message == "ERC20InsufficientBalance takes 3 arguments (sender, balance, needed), 2 were given")
    }

    @Test func anotherReason() throws {
        let vault = Contract(address: try t.chain.deploy(Vault(), from: owner).address, kind: "vault", chain: t.chain)
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert(reason: "Vault: paused") { try vault.send("withdraw(uint256)", 1, from: owner) }
        }
        #expect(
            failure.message
                == "expected a revert with Error(\"Vault: paused\"), but it reverted with Error(\"Vault: nothing to withdraw\") (message differs)")
        let panic = try #require(throws: ExpectationFailure.self) {
            try expectRevert(reason: "Vault: paused") { try vault.send("panic()", from: owner) }
        }
        #expect(
            panic.message == "expected a revert with Error(\"Vault: paused\"), but it reverted with Panic(17: arithmetic overflow or underflow)")
    }

    @Test func anExplanationThatDoesNotSayIt() throws {
        let vault = Contract(address: try t.chain.deploy(Vault(), from: owner).address, kind: "vault", chain: t.chain)
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert("Locked(uint256)", explanationContains: "closed") { try vault.send("unlock()", from: owner) }
        }
        let now = t.chain.now
        #expect(
            failure.message
                == "expected the explanation of Locked to contain \"closed\", but it is \"the vault opens at 1767300000, it is \(now)\"")

        let none = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsufficientBalance", explanationContains: "balance") {
                try token.send("transfer(address,uint256)", bob, 10, from: alice)
            }
        }
        #expect(none.message == "expected the explanation of ERC20InsufficientBalance to contain \"balance\", but it has no explanation")
    }

    @Test func anUnknownErrorName() throws {
        var ran = false
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert("ERC20InsuficientBalance") { ran = true }
        }
        #expect(failure.message == "unknown error ERC20InsuficientBalance; did you mean ERC20InsufficientBalance?")
        #expect(!ran)  // the body does not run
        let prefix = try #require(throws: ExpectationFailure.self) { try expectRevert("InsufficientBalance") {} }
        #expect(prefix.message == "unknown error InsufficientBalance; did you mean ERC20InsufficientBalance or ERC1155InsufficientBalance?")

        let far = try #require(throws: ExpectationFailure.self) { try expectRevert("Locked") {} }
        #expect(
            far.message
                == "unknown error Locked: no MintSim contract kind declares it (give its full signature, such as Locked(uint256), for another contract's error)")
    }

    @Test func anyRevertAndOtherErrors() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectRevert { try token.send("transfer(address,uint256)", bob, 1, from: alice) }
        }
        #expect(failure.message == "expected a revert, but the call succeeded")

        let vault = Contract(address: try t.chain.deploy(Vault(), from: owner).address, kind: "vault", chain: t.chain)
        let bare = try #require(throws: ExpectationFailure.self) {
            try expectRevert("EnforcedPause") { try vault.send("nothing()", from: owner) }
        }
        #expect(bare.message == "expected a revert with EnforcedPause, but it reverted without data")

        let threw = try #require(throws: ExpectationFailure.self) {
            try expectRevert("EnforcedPause") { try token.send("transfer(address,uint256)", "bob", 1, from: alice) }
        }
        #expect(threw.message.hasPrefix("expected a revert with EnforcedPause, but the call threw: transfer(address,uint256): "))

        // A failure inside the body is passed on as it is.
        let nested = try #require(throws: ExpectationFailure.self) {
            try expectRevert("EnforcedPause") { try t.account("mallory") }
        }
        #expect(nested.message.hasPrefix("unknown account \"mallory\""))
    }

    // MARK: expectEvent, expectNoEvent

    @Test func aMissingEventListsTheEventsThereAre() throws {
        let receipt = try token.send("transfer(address,uint256)", bob, 2, from: alice)
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectEvent(receipt, "Transfer", from: token.address, ["to": carol, "value": 2])
        }
        #expect(
            failure.message == """
                expected event Transfer(to: \(carol), value: 2) from \(token.address), but the receipt's events are:
                  Transfer(from: \(alice), to: \(bob), value: 2) from \(token.address)
                """)

        let approve = try token.send("approve(address,uint256)", bob, 3, from: alice)
        let other = try #require(throws: ExpectationFailure.self) { try expectEvent(approve, "Transfer") }
        #expect(
            other.message == """
                expected event Transfer, but the receipt's events are:
                  Approval(owner: \(alice), spender: \(bob), value: 3) from \(token.address)
                """)
    }

    @Test func aReceiptWithoutEvents() throws {
        let (_, receipt) = try t.chain.send(TransactionRequest(from: owner, to: bob, value: 1))
        let plain = try #require(receipt)
        let failure = try #require(throws: ExpectationFailure.self) { try expectEvent(plain, "Transfer") }
        #expect(failure.message == "expected event Transfer, but the receipt has no events")
    }

    @Test func aRevertedTransactionHasNoEvents() throws {
        let reverted = try #require(throws: ContractReverted.self) {
            try token.send("transfer(address,uint256)", bob, 6, from: alice, gasLimit: 100_000)
        }
        let receipt = try #require(reverted.receipt)
        let failure = try #require(throws: ExpectationFailure.self) { try expectEvent(receipt, "Transfer") }
        #expect(
            failure.message
                == "expected event Transfer, but the transaction reverted with ERC20InsufficientBalance(sender: \(alice), balance: 5, needed: 6)")
    }

    @Test func unknownEventsAndArguments() throws {
        let receipt = try token.send("transfer(address,uint256)", bob, 2, from: alice)
        let name = try #require(throws: ExpectationFailure.self) { try expectEvent(receipt, "Transferred") }
        #expect(name.message == "unknown event Transferred; did you mean Transfer?")
        let argument = try #require(throws: ExpectationFailure.self) { try expectEvent(receipt, "Transfer", ["amount": 2]) }
        #expect(argument.message == "Transfer has no argument amount (its arguments: from, to, value, tokenId)")
        let near = try #require(throws: ExpectationFailure.self) { try expectEvent(receipt, "Transfer", ["too": bob]) }
        #expect(near.message == "Transfer has no argument too; did you mean to? (its arguments: from, to, value, tokenId)")
    }

    @Test func anUnexpectedEvent() throws {
        let receipt = try token.send("transfer(address,uint256)", bob, 2, from: alice)
        let failure = try #require(throws: ExpectationFailure.self) { try expectNoEvent(receipt, "Transfer", from: token.address) }
        #expect(
            failure.message == """
                expected no event Transfer from \(token.address), but the receipt has:
                  Transfer(from: \(alice), to: \(bob), value: 2) from \(token.address)
                """)
        try expectNoEvent(receipt, "Transfer", from: bob)  // not from that address
    }

    // MARK: expectBalanceChanges

    @Test func wrongBalanceChangesListEveryAccount() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try expectBalanceChanges(token, [alice: -3, bob: +3, carol: 0]) {
                try token.send("transfer(address,uint256)", bob, 2, from: alice)
            }
        }
        #expect(
            failure.message == """
                balance changes of erc20 \(token.address) differ:
                  alice \(alice): expected -3, got -2 (differs)
                  bob \(bob): expected +3, got +2 (differs)
                  carol \(carol): expected 0, got 0
                """)
        #expect(try token.balance(of: bob) == 2)  // the body ran

        let items = try t.deploy("erc1155", from: owner)
        let perId = try #require(throws: ExpectationFailure.self) {
            try expectBalanceChanges(items, [alice: +1], id: 4) {
                try items.send("mint(address,uint256,uint256,bytes)", alice, 5, 1, .bytes([]), from: owner)
            }
        }
        #expect(
            perId.message == """
                balance changes of token 4 of erc1155 \(items.address) differ:
                  alice \(alice): expected +1, got 0 (differs)
                """)
    }

    @Test func balanceChangesThatCannotBe() throws {
        let twice = try #require(throws: ExpectationFailure.self) { try expectBalanceChanges(token, [alice: 1, alice: 2]) {} }
        #expect(twice.message == "alice \(alice) is listed twice")
        let huge = try #require(throws: ExpectationFailure.self) {
            try expectBalanceChanges(token, [bob: -0x1_0000000000000000000000000000000000000000000000000000000000000000]) {}
        }
        #expect(huge.message == "the expected change of bob \(bob) is beyond ±(2^256 - 1), more than a balance can change")
    }

    // MARK: accounts

    @Test func anUnknownAccountName() throws {
        let failure = try #require(throws: ExpectationFailure.self) { try t.account("alcie") }
        #expect(failure.message == "unknown account \"alcie\"; did you mean alice? (accounts: owner, alice, bob, carol)")
        let far = try #require(throws: ExpectationFailure.self) { try t.privateKey("zed") }
        #expect(far.message == "unknown account \"zed\" (accounts: owner, alice, bob, carol)")
        #expect(t["zed"] == Address.zero)

        let unnamed = try TestChain()
        let none = try #require(throws: ExpectationFailure.self) { try unnamed.account("alice") }
        #expect(
            none.message
                == "unknown account \"alice\"; this TestChain has no named accounts (TestChain(accounts: [\"owner\", \"alice\"]) names them)")

        let duplicate = try #require(throws: ExpectationFailure.self) { try TestChain(accounts: ["owner", "alice", "owner"]) }
        #expect(duplicate.message == "account name \"owner\" is given twice (accounts 0 and 2)")
    }

    // MARK: where failures point

    @Test func failuresCarryTheCallersFileAndLine() throws {
        let failure = try #require(throws: ExpectationFailure.self) { try expectRevert("EnforcedPause") {} }
        let line = #line - 1
        #expect(failure.file == #filePath)
        #expect(failure.line == line)
        #expect(failure.description == "\(#filePath):\(line): expected a revert with EnforcedPause, but the call succeeded")

        let account = try #require(throws: ExpectationFailure.self) { try t.account("nobody") }
        #expect(account.line == #line - 1)
    }
}
