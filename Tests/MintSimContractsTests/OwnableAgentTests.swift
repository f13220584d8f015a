import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// A test-only model made of the Ownable and AgentRole modules alone, with one agent-only function.
struct AgentGated: ContractModel {
    var kind: String { "agent-gated" }

    static let interface = ContractInterface(
        Ownable.Function.declarations + AgentRole.Function.declarations + ["function agentOnly()"] + Ownable.events
            + AgentRole.events + Ownable.errors + AgentRole.errors)

    func construct(_ context: ExecutionContext) throws(Revert) {
        try Ownable.setOwner(context, context.sender)
    }

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Ownable.Function(rawValue: selector) { return try Ownable.call(function, context) }
        if let function = AgentRole.Function(rawValue: selector) { return try AgentRole.call(function, context) }
        if selector == ABIEntry("function agentOnly()").selector {
            try AgentRole.check(context)
            return []
        }
        throw Revert(data: [])
    }
}

@Suite struct OwnableAgentTests {
    let interface = AgentGated.interface

    @Test func selectorsMatchDeclarations() {
        expectSelectorsMatch(Ownable.Function.self)
        expectSelectorsMatch(AgentRole.Function.self)
    }

    @Test func deploymentSetsTheOwner() throws {
        let chain = Chain()
        let (address, _, receipt) = try chain.deploy(AgentGated(), from: deployer)
        expectEvents(
            receipt?.logs ?? [], [event("OwnershipTransferred", ["previousOwner": a(.zero), "newOwner": a(deployer)])],
            interface: interface, from: address)
        #expect(try chain.call(address, "owner()(address)") == [a(deployer)])
    }

    @Test func ownershipTransferAndRenounce() throws {
        let h = try Harness(AgentGated())
        h.expectRevert("transferOwnership(address)", [a(alice)], from: alice, error: "OwnableUnauthorizedAccount(address)", [a(alice)])
        h.expectRevert("transferOwnership(address)", [a(.zero)], error: "OwnableInvalidOwner(address)", [a(.zero)])
        expectEvents(
            h.send("transferOwnership(address)", [a(alice)]),
            [event("OwnershipTransferred", ["previousOwner": a(deployer), "newOwner": a(alice)])], interface: interface)
        #expect(h.view("owner()(address)") == [a(alice)])
        h.expectRevert("renounceOwnership()", from: deployer, error: "OwnableUnauthorizedAccount(address)", [a(deployer)])
        expectEvents(
            h.send("renounceOwnership()", from: alice),
            [event("OwnershipTransferred", ["previousOwner": a(alice), "newOwner": a(.zero)])], interface: interface)
        #expect(h.view("owner()(address)") == [a(.zero)])
        h.expectRevert("addAgent(address)", [a(bob)], from: alice, error: "OwnableUnauthorizedAccount(address)", [a(alice)])
    }

    @Test func agentsAreAddedAndRemovedByTheOwner() throws {
        let h = try Harness(AgentGated())
        h.expectRevert("agentOnly()", from: alice, error: "CallerDoesNotHaveAgentRole()")
        h.expectRevert("addAgent(address)", [a(alice)], from: bob, error: "OwnableUnauthorizedAccount(address)", [a(bob)])
        h.expectRevert("addAgent(address)", [a(.zero)], error: "ZeroAddress()")
        expectEvents(h.send("addAgent(address)", [a(alice)]), [event("AgentAdded", ["_agent": a(alice)])], interface: interface)
        #expect(h.bool("isAgent(address)(bool)", [a(alice)]) == true)
        h.expectRevert("addAgent(address)", [a(alice)], error: "AccountAlreadyHasRole()")
        h.send("agentOnly()", from: alice)
        h.expectRevert("removeAgent(address)", [a(bob)], error: "AccountDoesNotHaveRole()")
        h.expectRevert("removeAgent(address)", [a(.zero)], error: "ZeroAddress()")
        expectEvents(h.send("removeAgent(address)", [a(alice)]), [event("AgentRemoved", ["_agent": a(alice)])], interface: interface)
        #expect(h.bool("isAgent(address)(bool)", [a(alice)]) == false)
        h.expectRevert("agentOnly()", from: alice, error: "CallerDoesNotHaveAgentRole()")
    }
}
