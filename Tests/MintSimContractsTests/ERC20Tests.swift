import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

let erc20 = ERC20Token.interface
let minterRole = Role.minter
let burnerRole = Role.burner
let pauserRole = Role.pauser

func token(cap: UInt64? = nil, initialSupply: UInt64 = 0, decimals: UInt8 = 18) throws -> Harness {
    try Harness(
        ERC20Token(
            name: "Acme", symbol: "ACME", decimals: decimals, cap: cap.map { UInt256($0) }, initialSupply: UInt256(initialSupply)))
}

func transferEvent(_ from: Address, _ to: Address, _ value: UInt256) -> DecodedEvent {
    event("Transfer", ["from": a(from), "to": a(to), "value": u(value)])
}

func unauthorized(_ account: Address, _ role: Hash) -> [ABIValue] { [a(account), b32(role)] }

@Suite struct ERC20Tests {
    @Test func deploymentSetsMetadataRolesAndInitialSupply() throws {
        let chain = Chain()
        let model = ERC20Token(name: "Acme", symbol: "ACME", decimals: 6, cap: UInt256(1_000), initialSupply: UInt256(400), initialHolder: alice)
        let (address, _, receipt) = try chain.deploy(model, from: deployer)
        #expect(receipt?.status == true)
        let roleEvents = [Role.defaultAdmin, Role.minter, Role.burner, Role.pauser].map {
            event("RoleGranted", ["role": b32($0), "account": a(deployer), "sender": a(deployer)])
        }
        expectEvents(receipt?.logs ?? [], roleEvents + [transferEvent(.zero, alice, 400)], interface: erc20, from: address)
        #expect(try chain.call(address, "name()(string)") == [.string("Acme")])
        #expect(try chain.call(address, "symbol()(string)") == [.string("ACME")])
        #expect(try chain.call(address, "decimals()(uint8)") == [u(6)])
        #expect(try chain.call(address, "totalSupply()(uint256)") == [u(400)])
        #expect(try chain.call(address, "cap()(uint256)") == [u(1_000)])
        #expect(try chain.call(address, "balanceOf(address)(uint256)", [a(alice)]) == [u(400)])
        #expect(try chain.call(address, "paused()(bool)") == [.bool(false)])
        for role in [Role.defaultAdmin, Role.minter, Role.burner, Role.pauser] {
            #expect(try chain.call(address, "hasRole(bytes32,address)(bool)", [b32(role), a(deployer)]) == [.bool(true)])
            #expect(try chain.call(address, "hasRole(bytes32,address)(bool)", [b32(role), a(alice)]) == [.bool(false)])
        }
    }

    @Test func initialSupplyGoesToTheDeployerByDefaultAndAnUncappedTokenReportsMaxCap() throws {
        let h = try token(initialSupply: 5)
        #expect(h.uint("balanceOf(address)(uint256)", [a(deployer)]) == UInt256(5))
        #expect(h.uint("cap()(uint256)") == .max)
        #expect(h.uint("decimals()(uint8)") == UInt256(18))
    }

    @Test func initialSupplyAboveTheCapRevertsTheDeployment() throws {
        let chain = Chain()
        let model = ERC20Token(name: "Acme", symbol: "ACME", cap: UInt256(10), initialSupply: UInt256(11))
        do {
            try chain.deploy(model, from: deployer)
            Issue.record("deployment did not revert")
        } catch {
            #expect(error.revert == Revert.error("ERC20ExceededCap(uint256,uint256)", [u(11), u(10)]))
        }
        #expect(chain.blockNumber == 0)
    }

    @Test func roleConstantsMatchOpenZeppelin() throws {
        let h = try token()
        #expect(h.view("MINTER_ROLE()(bytes32)") == [.fixedBytes(try Hash(hex: "0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6").bytes)])
        #expect(h.view("BURNER_ROLE()(bytes32)") == [.fixedBytes(try Hash(hex: "0x3c11d16cbaffd01df69ce1c404f6340ee057498f5f00246190ea54220576a848").bytes)])
        #expect(h.view("PAUSER_ROLE()(bytes32)") == [.fixedBytes(try Hash(hex: "0x65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a").bytes)])
        #expect(h.view("DEFAULT_ADMIN_ROLE()(bytes32)") == [.fixedBytes([UInt8](repeating: 0, count: 32))])
        #expect(Role.uriSetter == (try Hash(hex: "0x7804d923f43a17d325d77e781528e0793b2edd9890ab45fc64efd7b4b427744c")))
        #expect(Role.id(named: "MINTER_ROLE") == Role.minter)
        #expect(Role.id(named: "DEFAULT_ADMIN_ROLE") == Role.defaultAdmin)
        #expect(Role.id(named: Role.pauser.hex) == Role.pauser)
        #expect(Role.id(named: "0x1234") == nil)
        #expect(Role.id(named: "bad role") == nil)
    }

    // MARK: transfer

    @Test func transferMovesBalanceAndEmits() throws {
        let h = try token(initialSupply: 100)
        let logs = h.send("transfer(address,uint256)", [a(alice), u(30)])
        expectEvents(logs, [transferEvent(deployer, alice, 30)], interface: erc20, from: h.token)
        #expect(h.uint("balanceOf(address)(uint256)", [a(deployer)]) == UInt256(70))
        #expect(h.uint("balanceOf(address)(uint256)", [a(alice)]) == UInt256(30))
        #expect(h.uint("totalSupply()(uint256)") == UInt256(100))
        #expect(try h.chain.call(h.token, "transfer(address,uint256)(bool)", [a(bob), u(1)], from: alice) == [.bool(true)])
    }

    @Test func zeroValueAndSelfTransfersEmit() throws {
        let h = try token(initialSupply: 10)
        expectEvents(h.send("transfer(address,uint256)", [a(alice), u(0)], from: bob), [transferEvent(bob, alice, 0)], interface: erc20)
        expectEvents(h.send("transfer(address,uint256)", [a(deployer), u(4)]), [transferEvent(deployer, deployer, 4)], interface: erc20)
        #expect(h.uint("balanceOf(address)(uint256)", [a(deployer)]) == UInt256(10))
    }

    @Test func transferRevertPaths() throws {
        let h = try token(initialSupply: 10)
        h.expectRevert(
            "transfer(address,uint256)", [a(alice), u(11)], error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(deployer), u(10), u(11)])
        h.expectRevert("transfer(address,uint256)", [a(.zero), u(1)], error: "ERC20InvalidReceiver(address)", [a(.zero)])
        // The zero-address check comes before the balance check.
        h.expectRevert("transfer(address,uint256)", [a(.zero), u(11)], error: "ERC20InvalidReceiver(address)", [a(.zero)])
        // From the zero address (an impersonated sender): ERC20InvalidSender(0) first.
        h.expectRevert("transfer(address,uint256)", [a(alice), u(0)], from: .zero, error: "ERC20InvalidSender(address)", [a(.zero)])
        #expect(h.uint("balanceOf(address)(uint256)", [a(deployer)]) == UInt256(10))
        #expect(h.uint("balanceOf(address)(uint256)", [a(alice)]) == .zero)
    }

    // MARK: approve / transferFrom

    @Test func approveSetsAllowanceAndEmits() throws {
        let h = try token()
        expectEvents(
            h.send("approve(address,uint256)", [a(bob), u(50)], from: alice),
            [event("Approval", ["owner": a(alice), "spender": a(bob), "value": u(50)])], interface: erc20)
        #expect(h.uint("allowance(address,address)(uint256)", [a(alice), a(bob)]) == UInt256(50))
        h.send("approve(address,uint256)", [a(bob), u(0)], from: alice)
        #expect(h.uint("allowance(address,address)(uint256)", [a(alice), a(bob)]) == .zero)
        h.expectRevert("approve(address,uint256)", [a(.zero), u(1)], from: alice, error: "ERC20InvalidSpender(address)", [a(.zero)])
        h.expectRevert("approve(address,uint256)", [a(bob), u(1)], from: .zero, error: "ERC20InvalidApprover(address)", [a(.zero)])
    }

    @Test func transferFromSpendsAllowanceWithoutApprovalEvent() throws {
        let h = try token(initialSupply: 100)
        h.send("approve(address,uint256)", [a(alice), u(60)])
        let logs = h.send("transferFrom(address,address,uint256)", [a(deployer), a(bob), u(25)], from: alice)
        expectEvents(logs, [transferEvent(deployer, bob, 25)], interface: erc20)
        #expect(h.uint("allowance(address,address)(uint256)", [a(deployer), a(alice)]) == UInt256(35))
        #expect(h.uint("balanceOf(address)(uint256)", [a(bob)]) == UInt256(25))
    }

    @Test func infiniteAllowanceIsNotDecreased() throws {
        let h = try token(initialSupply: 100)
        h.send("approve(address,uint256)", [a(alice), .uint(.max)])
        h.send("transferFrom(address,address,uint256)", [a(deployer), a(bob), u(40)], from: alice)
        #expect(h.uint("allowance(address,address)(uint256)", [a(deployer), a(alice)]) == .max)
    }

    @Test func transferFromRevertPathsInOrder() throws {
        let h = try token(initialSupply: 10)
        h.send("approve(address,uint256)", [a(alice), u(5)])
        // Allowance first, even when the balance or receiver is also wrong.
        h.expectRevert(
            "transferFrom(address,address,uint256)", [a(deployer), a(.zero), u(6)], from: alice,
            error: "ERC20InsufficientAllowance(address,uint256,uint256)", [a(alice), u(5), u(6)])
        h.expectRevert(
            "transferFrom(address,address,uint256)", [a(deployer), a(.zero), u(5)], from: alice, error: "ERC20InvalidReceiver(address)",
            [a(.zero)])
        h.send("approve(address,uint256)", [a(alice), u(50)])
        h.expectRevert(
            "transferFrom(address,address,uint256)", [a(deployer), a(bob), u(11)], from: alice,
            error: "ERC20InsufficientBalance(address,uint256,uint256)", [a(deployer), u(10), u(11)])
        // From the zero address: no allowance, and a zero value fails in _approve.
        h.expectRevert(
            "transferFrom(address,address,uint256)", [a(.zero), a(bob), u(1)], from: alice,
            error: "ERC20InsufficientAllowance(address,uint256,uint256)", [a(alice), u(0), u(1)])
        h.expectRevert(
            "transferFrom(address,address,uint256)", [a(.zero), a(bob), u(0)], from: alice, error: "ERC20InvalidApprover(address)",
            [a(.zero)])
        #expect(h.uint("allowance(address,address)(uint256)", [a(deployer), a(alice)]) == UInt256(50))
    }

    // MARK: mint / batchMint

    @Test func mintByMinter() throws {
        let h = try token(cap: 100)
        expectEvents(h.send("mint(address,uint256)", [a(alice), u(100)]), [transferEvent(.zero, alice, 100)], interface: erc20)
        #expect(h.uint("totalSupply()(uint256)") == UInt256(100))
        #expect(h.uint("balanceOf(address)(uint256)", [a(alice)]) == UInt256(100))
    }

    @Test func mintRevertPaths() throws {
        let h = try token(cap: 100)
        // The role check comes first.
        h.expectRevert(
            "mint(address,uint256)", [a(.zero), u(1)], from: alice, error: "AccessControlUnauthorizedAccount(address,bytes32)",
            unauthorized(alice, minterRole))
        h.expectRevert("mint(address,uint256)", [a(.zero), u(1)], error: "ERC20InvalidReceiver(address)", [a(.zero)])
        h.send("mint(address,uint256)", [a(alice), u(60)])
        h.expectRevert("mint(address,uint256)", [a(bob), u(41)], error: "ERC20ExceededCap(uint256,uint256)", [u(101), u(100)])
        #expect(h.uint("totalSupply()(uint256)") == UInt256(60))
        #expect(h.uint("balanceOf(address)(uint256)", [a(bob)]) == .zero)
    }

    @Test func mintOverflowPanicsWithoutCap() throws {
        let h = try token()
        h.send("mint(address,uint256)", [a(alice), .uint(.max)])
        h.expectRevert("mint(address,uint256)", [a(bob), u(1)], data: Revert.panic(0x11).data)
        #expect(h.uint("totalSupply()(uint256)") == .max)
    }

    @Test func batchMintIsAllOrNothing() throws {
        let h = try token(cap: 100)
        let logs = h.send("batchMint(address[],uint256[])", [.array([a(alice), a(bob)]), .array([u(10), u(20)])])
        expectEvents(logs, [transferEvent(.zero, alice, 10), transferEvent(.zero, bob, 20)], interface: erc20)
        // The second recipient is the zero address: the first mint is undone.
        h.expectRevert(
            "batchMint(address[],uint256[])", [.array([a(carol), a(.zero)]), .array([u(1), u(1)])], error: "ERC20InvalidReceiver(address)",
            [a(.zero)])
        // The cap is passed on the last mint.
        h.expectRevert(
            "batchMint(address[],uint256[])", [.array([a(carol), a(carol)]), .array([u(60), u(11)])],
            error: "ERC20ExceededCap(uint256,uint256)", [u(101), u(100)])
        h.expectRevert(
            "batchMint(address[],uint256[])", [.array([a(carol)]), .array([u(1), u(2)])], error: "InvalidArrayLength(uint256,uint256)",
            [u(1), u(2)])
        h.expectRevert(
            "batchMint(address[],uint256[])", [.array([a(carol)]), .array([u(1)])], from: alice,
            error: "AccessControlUnauthorizedAccount(address,bytes32)", unauthorized(alice, minterRole))
        #expect(h.uint("balanceOf(address)(uint256)", [a(carol)]) == .zero)
        #expect(h.uint("totalSupply()(uint256)") == UInt256(30))
        h.send("batchMint(address[],uint256[])", [.array([]), .array([])])
    }

    // MARK: burn

    @Test func burnPaths() throws {
        let h = try token(initialSupply: 100)
        h.send("transfer(address,uint256)", [a(alice), u(40)])
        expectEvents(h.send("burn(uint256)", [u(15)], from: alice), [transferEvent(alice, .zero, 15)], interface: erc20)
        #expect(h.uint("totalSupply()(uint256)") == UInt256(85))
        h.expectRevert(
            "burn(uint256)", [u(26)], from: alice, error: "ERC20InsufficientBalance(address,uint256,uint256)", [a(alice), u(25), u(26)])
        h.expectRevert("burn(uint256)", [u(0)], from: .zero, error: "ERC20InvalidSender(address)", [a(.zero)])
    }

    @Test func burnFromSpendsAllowanceFirst() throws {
        let h = try token(initialSupply: 100)
        h.send("approve(address,uint256)", [a(alice), u(30)])
        h.expectRevert(
            "burnFrom(address,uint256)", [a(deployer), u(31)], from: alice, error: "ERC20InsufficientAllowance(address,uint256,uint256)",
            [a(alice), u(30), u(31)])
        expectEvents(h.send("burnFrom(address,uint256)", [a(deployer), u(30)], from: alice), [transferEvent(deployer, .zero, 30)], interface: erc20)
        #expect(h.uint("allowance(address,address)(uint256)", [a(deployer), a(alice)]) == .zero)
        #expect(h.uint("totalSupply()(uint256)") == UInt256(70))
    }

    @Test func burnByBurnerRole() throws {
        let h = try token(initialSupply: 100)
        h.send("transfer(address,uint256)", [a(alice), u(40)])
        h.expectRevert(
            "burn(address,uint256)", [a(alice), u(1)], from: bob, error: "AccessControlUnauthorizedAccount(address,bytes32)",
            unauthorized(bob, burnerRole))
        expectEvents(h.send("burn(address,uint256)", [a(alice), u(40)]), [transferEvent(alice, .zero, 40)], interface: erc20)
        h.expectRevert(
            "burn(address,uint256)", [a(alice), u(1)], error: "ERC20InsufficientBalance(address,uint256,uint256)", [a(alice), u(0), u(1)])
        h.expectRevert("burn(address,uint256)", [a(.zero), u(1)], error: "ERC20InvalidSender(address)", [a(.zero)])
    }

    // MARK: pause

    @Test func pauseBlocksMintTransferAndBurnButNotApprovals() throws {
        let h = try token(initialSupply: 100)
        expectEvents(h.send("pause()"), [event("Paused", ["account": a(deployer)])], interface: erc20)
        #expect(h.bool("paused()(bool)") == true)
        h.expectRevert("transfer(address,uint256)", [a(alice), u(1)], error: "EnforcedPause()")
        h.expectRevert("mint(address,uint256)", [a(alice), u(1)], error: "EnforcedPause()")
        h.expectRevert("burn(uint256)", [u(1)], error: "EnforcedPause()")
        h.expectRevert("burn(address,uint256)", [a(deployer), u(1)], error: "EnforcedPause()")
        h.expectRevert("batchMint(address[],uint256[])", [.array([a(alice)]), .array([u(1)])], error: "EnforcedPause()")
        // Checks before _update still win.
        h.expectRevert("transfer(address,uint256)", [a(.zero), u(1)], error: "ERC20InvalidReceiver(address)", [a(.zero)])
        h.expectRevert(
            "mint(address,uint256)", [a(alice), u(1)], from: alice, error: "AccessControlUnauthorizedAccount(address,bytes32)",
            unauthorized(alice, minterRole))
        h.expectRevert(
            "transferFrom(address,address,uint256)", [a(deployer), a(bob), u(1)], from: alice,
            error: "ERC20InsufficientAllowance(address,uint256,uint256)", [a(alice), u(0), u(1)])
        h.send("approve(address,uint256)", [a(alice), u(5)])
        h.expectRevert("transferFrom(address,address,uint256)", [a(deployer), a(bob), u(1)], from: alice, error: "EnforcedPause()")
        h.expectRevert("pause()", error: "EnforcedPause()")
        expectEvents(h.send("unpause()"), [event("Unpaused", ["account": a(deployer)])], interface: erc20)
        h.expectRevert("unpause()", error: "ExpectedPause()")
        h.send("transfer(address,uint256)", [a(alice), u(1)])
    }

    @Test func pauseNeedsThePauserRole() throws {
        let h = try token()
        h.expectRevert("pause()", from: alice, error: "AccessControlUnauthorizedAccount(address,bytes32)", unauthorized(alice, pauserRole))
        h.send("pause()")
        h.expectRevert("unpause()", from: alice, error: "AccessControlUnauthorizedAccount(address,bytes32)", unauthorized(alice, pauserRole))
        h.send("grantRole(bytes32,address)", [b32(pauserRole), a(alice)])
        h.send("unpause()", from: alice)
        #expect(h.bool("paused()(bool)") == false)
    }

    // MARK: access control

    @Test func grantAndRevokeRoles() throws {
        let h = try token()
        expectEvents(
            h.send("grantRole(bytes32,address)", [b32(minterRole), a(alice)]),
            [event("RoleGranted", ["role": b32(minterRole), "account": a(alice), "sender": a(deployer)])], interface: erc20)
        // Granting again changes nothing and emits nothing.
        expectEvents(h.send("grantRole(bytes32,address)", [b32(minterRole), a(alice)]), [], interface: erc20)
        h.send("mint(address,uint256)", [a(bob), u(3)], from: alice)
        expectEvents(
            h.send("revokeRole(bytes32,address)", [b32(minterRole), a(alice)]),
            [event("RoleRevoked", ["role": b32(minterRole), "account": a(alice), "sender": a(deployer)])], interface: erc20)
        expectEvents(h.send("revokeRole(bytes32,address)", [b32(minterRole), a(alice)]), [], interface: erc20)
        h.expectRevert(
            "mint(address,uint256)", [a(bob), u(3)], from: alice, error: "AccessControlUnauthorizedAccount(address,bytes32)",
            unauthorized(alice, minterRole))
        #expect(h.view("getRoleAdmin(bytes32)(bytes32)", [b32(minterRole)]) == [b32(Role.defaultAdmin)])
    }

    @Test func onlyTheRoleAdminGrantsAndRevokes() throws {
        let h = try token()
        h.expectRevert(
            "grantRole(bytes32,address)", [b32(minterRole), a(alice)], from: alice,
            error: "AccessControlUnauthorizedAccount(address,bytes32)", unauthorized(alice, Role.defaultAdmin))
        h.expectRevert(
            "revokeRole(bytes32,address)", [b32(minterRole), a(deployer)], from: alice,
            error: "AccessControlUnauthorizedAccount(address,bytes32)", unauthorized(alice, Role.defaultAdmin))
        h.send("grantRole(bytes32,address)", [b32(Role.defaultAdmin), a(alice)])
        h.send("revokeRole(bytes32,address)", [b32(minterRole), a(deployer)], from: alice)
        #expect(h.bool("hasRole(bytes32,address)(bool)", [b32(minterRole), a(deployer)]) == false)
    }

    @Test func renounceRoleNeedsConfirmation() throws {
        let h = try token()
        h.expectRevert("renounceRole(bytes32,address)", [b32(minterRole), a(alice)], error: "AccessControlBadConfirmation()")
        expectEvents(
            h.send("renounceRole(bytes32,address)", [b32(minterRole), a(deployer)]),
            [event("RoleRevoked", ["role": b32(minterRole), "account": a(deployer), "sender": a(deployer)])], interface: erc20)
        expectEvents(h.send("renounceRole(bytes32,address)", [b32(minterRole), a(deployer)]), [], interface: erc20)
        #expect(h.bool("hasRole(bytes32,address)(bool)", [b32(minterRole), a(deployer)]) == false)
    }

    // MARK: ERC-165, calldata, value

    @Test func supportsInterfaceLikeOpenZeppelin() throws {
        let h = try token()
        let answers: [(String, Bool)] = [("01ffc9a7", true), ("7965db0b", true), ("ffffffff", false), ("36372b07", false), ("80ac58cd", false)]
        for (id, expected) in answers {
            #expect(h.bool("supportsInterface(bytes4)(bool)", [.fixedBytes(try Hex.decode(id))]) == expected, "\(id)")
        }
    }

    @Test func malformedCalldataAndEtherRevertWithoutData() throws {
        let h = try token(initialSupply: 10)
        func raw(_ hex: String, value: UInt256 = .zero) throws -> ChainError? {
            do {
                _ = try h.chain.call(to: h.token, data: try Hex.decode(hex), from: deployer, value: value)
                return nil
            } catch let error as ChainError {
                return error
            }
        }
        let recipient = String(repeating: "0", count: 24) + alice.lowercaseHex.dropFirst(2)
        let amount = String(repeating: "0", count: 63) + "1"
        #expect(try raw("a9059cbb" + recipient + amount) == nil)
        for bad in ["", "a905", "a9059cbb" + recipient, "a9059cbb" + "01" + recipient.dropFirst(2) + amount, "deadbeef"] {
            #expect(try raw(bad)?.revert == Revert(data: []), "\(bad)")
        }
        #expect(try raw("a9059cbb" + recipient + amount, value: UInt256(1))?.revert == Revert(data: []))
        // bytes4 with dirty low bytes, bool-like words are checked as Solidity's decoder does.
        #expect(try raw("01ffc9a7" + "01ffc9a7" + String(repeating: "0", count: 55) + "1")?.revert == Revert(data: []))
    }

    @Test func transferGasFollowsTheSchedule() throws {
        let h = try token(initialSupply: 100)
        let receipt = try h.chain.transact(h.token, "transfer(address,uint256)", [a(alice), u(30)], from: deployer).receipt
        let calldata = try ABIFunction.cached("transfer(address,uint256)").encodeCall([a(alice), u(30)])
        let intrinsic = GasSchedule.transaction
            + calldata.reduce(0) { $0 + ($1 == 0 ? GasSchedule.zeroByte : GasSchedule.nonZeroByte) }
        // paused, sender balance (load + update), receiver balance (load + new), Transfer log.
        let execution = ExecutionGas.load + ExecutionGas.load + ExecutionGas.storeUpdate + ExecutionGas.load + ExecutionGas.storeNew
            + ExecutionGas.log + 3 * ExecutionGas.logTopic + 32 * ExecutionGas.logByte
        #expect(receipt?.gasUsed == intrinsic + execution)
    }
}
