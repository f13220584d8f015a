import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// The compliance test token with T-REX's AgentRole view (`isAgent`) and a test-only `setAgent`.
struct AgentComplianceTestToken: ContractModel {
    let base: ComplianceTestToken
    var kind: String { "agent-compliance-test-token" }
    static let agentsSlot: UInt32 = 90

    func construct(_ context: ExecutionContext) throws(Revert) { try base.construct(context) }

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        func selectorOf(_ signature: String) -> [UInt8] { (try? ABIFunction.cached(signature))?.selector ?? [] }
        let selector = context.selector.map { Array($0) } ?? []
        if selector == selectorOf("isAgent(address)") {
            let user = try context.decodeArguments([.address])[0].addressValue
            return try context.loadWord(StorageKey(Self.agentsSlot, user)).bytes32
        }
        if selector == selectorOf("setAgent(address,bool)") {
            let v = try context.decodeArguments([.address, .bool])
            try context.storeWord(StorageKey(Self.agentsSlot, v[0].addressValue), v[1].boolValue ? .one : .zero)
            return []
        }
        if selector == selectorOf("moduleRefusal(address,address,address,uint256)") {
            // A MintSim module's own explanation, for this token's compliance, whether or not the
            // compliance knows the module's type.
            let v = try context.decodeArguments([.address, .address, .address, .uint(256)])
            let module = v[0].addressValue, from = v[1].addressValue, to = v[2].addressValue, amount = v[3].uintValue
            let compliance = base.compliance
            func refusal<M: ComplianceModule>(_ type: M.Type) throws(Revert) -> String?? {
                try context.callNative(module, as: M.self) { _, inner throws(Revert) in
                    try M.refusal(inner, from: from, to: to, value: amount, compliance: compliance)
                }
            }
            var answer = try refusal(TimeTransfersLimitsModule.self)
            if answer == nil { answer = try refusal(MaxHoldersModule.self) }
            return (try? ABI.encode([.string], [.string((answer ?? "not a module") ?? "")])) ?? []
        }
        return try base.call(context)
    }
}

/// ComplianceSuite's setup (alice 840, bob 392, mallory 250 registered; carol has no identity) with the
/// agent-aware test token.
final class ModulesSuite {
    let registries: RegistrySuite
    var chain: Chain { registries.chain }
    let compliance: Address
    let token: Address

    init() throws {
        registries = try RegistrySuite()
        let ir = registries.registryHarness
        ir.send("registerIdentity(address,address,uint16)", [a(alice), a(aliceIdentity), u(840)], from: registries.agent)
        ir.send("registerIdentity(address,address,uint16)", [a(bob), a(bobIdentity), u(392)], from: registries.agent)
        ir.send("registerIdentity(address,address,uint16)", [a(mallory), a(ComplianceSuite.malloryIdentity), u(250)], from: registries.agent)
        compliance = try registries.chain.deploy(ModularCompliance(), from: deployer).address
        let base = ComplianceTestToken(identityRegistry: registries.registry, compliance: compliance)
        token = try registries.chain.deploy(AgentComplianceTestToken(base: base), from: deployer).address
        try registries.chain.transact(compliance, "bindToken(address)", [a(token)], from: deployer)
    }

    var mc: Harness { Harness(chain: chain, contract: compliance) }
    var tk: Harness { Harness(chain: chain, contract: token) }

    func deploy(_ model: any ContractModel) throws -> Address { try chain.deploy(model, from: deployer).address }

    func add(_ model: any ContractModel) throws -> Address {
        let module = try deploy(model)
        try chain.transact(compliance, "addModule(address)", [a(module)], from: deployer)
        return module
    }

    @discardableResult
    func configure(_ module: Address, _ signature: String, _ arguments: [ABIValue], sourceLocation: SourceLocation = #_sourceLocation) -> [Log] {
        mc.send(
            "callModuleFunction(bytes,address)", [.bytes(ComplianceSuite.calldata(signature, arguments)), a(module)],
            sourceLocation: sourceLocation)
    }

    func expectConfigureRevert(
        _ module: Address, _ signature: String, _ arguments: [ABIValue], data: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        mc.expectRevert(
            "callModuleFunction(bytes,address)", [.bytes(ComplianceSuite.calldata(signature, arguments)), a(module)], data: data,
            sourceLocation: sourceLocation)
    }

    /// The compliance's reason (the first refusing module's).
    func reason(_ from: Address, _ to: Address, _ amount: Int) -> String {
        if case .string(let s) = tk.view("refusal(address,address,uint256)(string)", [a(from), a(to), u(amount)]).first { return s }
        return "?"
    }

    /// `module`'s own reason ("" when it accepts).
    func reason(_ module: Address, _ from: Address, _ to: Address, _ amount: Int) -> String {
        let view = tk.view("moduleRefusal(address,address,address,uint256)(string)", [a(module), a(from), a(to), u(amount)])
        if case .string(let s) = view.first { return s }
        return "?"
    }

    /// What the compliance reports for a refusing `module` whose own reason is `reason`: the reason when
    /// the compliance runs the module natively, else the module's address.
    func complianceReason(_ module: Address, _ type: any ComplianceModule.Type, _ reason: String) -> String {
        ModularCompliance.nativeModules.contains { ObjectIdentifier($0) == ObjectIdentifier(type) } ? reason : "module \(module): moduleCheck refused the transfer"
    }

    func moduleCheck(_ module: Address, _ from: Address, _ to: Address, _ amount: Int) -> Bool? {
        Harness(chain: chain, contract: module).bool(
            "moduleCheck(address,address,uint256,address)(bool)", [a(from), a(to), u(amount), a(compliance)])
    }

    func balance(_ user: Address) -> UInt256 { tk.uint("balanceOf(address)(uint256)", [a(user)]) }
}

func limit(_ time: Int, _ value: Int) -> ABIValue { .tuple([u(time), u(value)]) }
func uint256(_ value: Int) -> UInt256 { UInt256(UInt64(value)) }

/// The canonical signatures of the new modules' own functions.
let timeTransfersLimitsSignatures: [TimeTransfersLimitsModule.Function: String] = [
    .setTimeTransferLimit: "setTimeTransferLimit((uint32,uint256))",
    .batchSetTimeTransferLimit: "batchSetTimeTransferLimit((uint32,uint256)[])",
    .removeTimeTransferLimit: "removeTimeTransferLimit(uint32)",
    .batchRemoveTimeTransferLimit: "batchRemoveTimeTransferLimit(uint32[])",
    .getTimeTransferLimits: "getTimeTransferLimits(address)",
    .limitValues: "limitValues(address,uint32)",
    .transferLimits: "transferLimits(address,uint256)",
    .usersCounters: "usersCounters(address,address,uint32)",
]
let maxHoldersSignatures: [MaxHoldersModule.Function: String] = [
    .setMaxHolders: "setMaxHolders(uint256)", .preSetHolderCount: "preSetHolderCount(address,uint256)",
    .getMaxHolders: "getMaxHolders(address)", .getHolderCount: "getHolderCount(address)",
]

@Suite struct ComplianceModulesTests {
    @Test func selectorsMatchSignatures() {
        expectSelectorsMatch(MaxHoldersModule.Function.self)
        for function in TimeTransfersLimitsModule.Function.allCases {
            let signature = timeTransfersLimitsSignatures[function] ?? "?"
            let selector = (try? ABIFunction.cached(signature))?.selector ?? []
            #expect(selector == Returns.uint(UInt64(function.rawValue)).suffix(4).map { $0 }, "\(signature)")
        }
        for function in MaxHoldersModule.Function.allCases {
            #expect(ABIEntry(function.declaration).signature == maxHoldersSignatures[function])
        }
    }

    /// Declarations with a tuple parameter parse only once ABIEntry splits parameters at top-level commas.
    @Test func tupleDeclarationsParse() {
        for function in TimeTransfersLimitsModule.Function.allCases {
            #expect(ABIEntry(function.declaration).signature == timeTransfersLimitsSignatures[function])
            #expect(ABIEntry(function.declaration).selector == function.rawValue)
        }
        let set = ABIEntry(TimeTransfersLimitsModule.Function.setTimeTransferLimit.declaration)
        #expect(set.inputs.first?.components.map(\.name) == ["limitTime", "limitValue"])
        #expect(set.inputs.first?.name == "_limit")
    }

    @Test func kindsAndViews() throws {
        let s = try ModulesSuite()
        let time = Harness(chain: s.chain, contract: try s.deploy(TimeTransfersLimitsModule()))
        #expect(time.view("name()(string)") == [.string("TimeTransfersLimitsModule")])
        #expect(time.bool("isPlugAndPlay()(bool)") == true)
        #expect(time.bool("canComplianceBind(address)(bool)", [a(s.compliance)]) == true)
        #expect(time.view("owner()(address)") == [a(deployer)])
        let holders = Harness(chain: s.chain, contract: try s.deploy(MaxHoldersModule()))
        #expect(holders.view("name()(string)") == [.string("MaxHoldersModule")])
        #expect(holders.bool("isPlugAndPlay()(bool)") == false)
        #expect(holders.bool("canComplianceBind(address)(bool)", [a(s.compliance)]) == true)
        #expect(TimeTransfersLimitsModule.kind == "time-transfers-limits-module")
        #expect(MaxHoldersModule.kind == "max-holders-module")
        #expect(try TimeTransfersLimitsModule(arguments: []).kind == TimeTransfersLimitsModule.kind)
        #expect(try MaxHoldersModule(arguments: []).kind == MaxHoldersModule.kind)
        #expect(MaxHoldersModule.interface.errors.count == ModuleCore.errors.count + 2 + OwnableTwoStep.errors.count)
        #expect(TimeTransfersLimitsModule.interface.events.map(\.name).contains("TimeTransferLimitRemoved"))
    }

    /// Every function answers a zero-argument call from an unauthorised caller with something other than
    /// the unknown-selector revert; the selector alone reverts empty.
    @Test func everyFunctionDispatches() throws {
        let s = try ModulesSuite()
        let shared = (ModuleCore.Function.declarations + OwnableTwoStep.Function.declarations).map { ABIEntry($0).signature }
        let targets: [(Address, [String])] = [
            (try s.deploy(TimeTransfersLimitsModule()), Array(timeTransfersLimitsSignatures.values) + shared),
            (try s.deploy(MaxHoldersModule()), Array(maxHoldersSignatures.values) + shared),
        ]
        var emptyReverts: Set<String> = []
        for (target, signatures) in targets {
            for signature in signatures {
                guard let function = try? ABIFunction.cached(signature) else {
                    Issue.record("cannot parse \(signature)")
                    continue
                }
                let zeros = (try? ABI.encode(function.inputs, function.inputs.map { ComplianceTests().zeroValue($0) })) ?? []
                do {
                    _ = try s.chain.call(to: target, data: function.selector + zeros, from: mallory)
                } catch {
                    if error.revert?.data.isEmpty == true { emptyReverts.insert(signature) }
                }
                if !function.inputs.isEmpty {
                    do {
                        _ = try s.chain.call(to: target, data: function.selector, from: mallory)
                        Issue.record("\(signature) accepted short calldata")
                    } catch {
                        #expect(error.revert?.data.isEmpty == true, "\(signature)")
                    }
                }
            }
        }
        // Both call the zero-address compliance, which has no code.
        #expect(emptyReverts == ["canComplianceBind(address)", "preSetHolderCount(address,uint256)"])
    }

    // MARK: TimeTransfersLimitsModule

    @Test func timeTransferLimitSettings() throws {
        let s = try ModulesSuite()
        let module = try s.add(TimeTransfersLimitsModule())
        let h = Harness(chain: s.chain, contract: module)
        let events = ContractInterface(ModularCompliance.events + TimeTransfersLimitsModule.events)
        let set = "setTimeTransferLimit((uint32,uint256))", getLimits = "getTimeTransferLimits(address)((uint32,uint256)[])"
        func interaction(_ signature: String) -> DecodedEvent {
            event("ModuleInteraction", ["target": a(module), "selector": selectorWord(signature)])
        }
        func updated(_ time: Int, _ value: Int) -> DecodedEvent {
            event("TimeTransferLimitUpdated", ["compliance": a(s.compliance), "limitTime": u(time), "limitValue": u(value)])
        }
        func removed(_ time: Int) -> DecodedEvent { event("TimeTransferLimitRemoved", ["compliance": a(s.compliance), "limitTime": u(time)]) }
        func limitValues(_ time: Int) -> [ABIValue] { h.view("limitValues(address,uint32)(bool,uint8)", [a(s.compliance), u(time)]) }

        #expect(h.view(getLimits, [a(s.compliance)]) == [.array([])])
        h.expectRevert(set, [limit(60, 100)], error: "OnlyBoundComplianceCanCall()")
        expectEvents(s.configure(module, set, [limit(60, 100)]), [updated(60, 100), interaction(set)], interface: events)
        #expect(h.view(getLimits, [a(s.compliance)]) == [.array([limit(60, 100)])])
        #expect(limitValues(60) == [.bool(true), u(0)])
        #expect(h.view("transferLimits(address,uint256)(uint32,uint256)", [a(s.compliance), u(0)]) == [u(60), u(100)])
        // Setting an existing time replaces its value in place.
        expectEvents(s.configure(module, set, [limit(60, 150)]), [updated(60, 150), interaction(set)], interface: events)
        #expect(h.view(getLimits, [a(s.compliance)]) == [.array([limit(60, 150)])])
        // The batch: each limit in turn, up to four.
        let batch = "batchSetTimeTransferLimit((uint32,uint256)[])"
        expectEvents(
            s.configure(module, batch, [.array([limit(3600, 500), limit(86400, 1000), limit(7, 5)])]),
            [updated(3600, 500), updated(86400, 1000), updated(7, 5), interaction(batch)], interface: events)
        s.expectConfigureRevert(
            module, set, [limit(8, 1)], data: Revert.error("LimitsArraySizeExceeded(address,uint256)", [a(s.compliance), u(4)]).data)
        s.expectConfigureRevert(
            module, batch, [.array([limit(7, 6), limit(8, 1)])],
            data: Revert.error("LimitsArraySizeExceeded(address,uint256)", [a(s.compliance), u(4)]).data)
        s.configure(module, set, [limit(86400, 900)])  // an existing time, with four limits
        #expect(
            h.view(getLimits, [a(s.compliance)]) == [.array([limit(60, 150), limit(3600, 500), limit(86400, 900), limit(7, 5)])])
        // Direct calls: an empty batch passes for anyone; otherwise only a bound compliance.
        h.send(batch, [.array([])], from: mallory)
        h.send("batchRemoveTimeTransferLimit(uint32[])", [.array([])], from: mallory)
        h.expectRevert(batch, [.array([limit(1, 1)])], from: mallory, error: "OnlyBoundComplianceCanCall()")
        h.expectRevert("removeTimeTransferLimit(uint32)", [u(60)], error: "OnlyBoundComplianceCanCall()")
        h.expectRevert("batchRemoveTimeTransferLimit(uint32[])", [.array([u(60)])], error: "OnlyBoundComplianceCanCall()")
        // Removal: not found, then the last limit moves into the removed one's place.
        s.expectConfigureRevert(
            module, "removeTimeTransferLimit(uint32)", [u(999)],
            data: Revert.error("LimitTimeNotFound(address,uint256)", [a(s.compliance), u(999)]).data)
        expectEvents(
            s.configure(module, "removeTimeTransferLimit(uint32)", [u(60)]),
            [removed(60), interaction("removeTimeTransferLimit(uint32)")], interface: events)
        #expect(h.view(getLimits, [a(s.compliance)]) == [.array([limit(7, 5), limit(3600, 500), limit(86400, 900)])])
        #expect(limitValues(60) == [.bool(false), u(0)])
        // The moved limit keeps its old index, as in T-REX: setting it again indexes past the end.
        #expect(limitValues(7) == [.bool(true), u(3)])
        s.expectConfigureRevert(module, set, [limit(7, 6)], data: Revert.panic(0x32).data)
        do {
            _ = try s.chain.call(module, "transferLimits(address,uint256)(uint32,uint256)", [a(s.compliance), u(3)])
            Issue.record("transferLimits past the end did not revert")
        } catch {
            #expect(error.revert == Revert.panic(0x32))
        }
        let batchRemove = "batchRemoveTimeTransferLimit(uint32[])"
        expectEvents(
            s.configure(module, batchRemove, [.array([u(3600), u(86400)])]), [removed(3600), removed(86400), interaction(batchRemove)],
            interface: events)
        #expect(h.view(getLimits, [a(s.compliance)]) == [.array([limit(7, 5)])])
        s.expectConfigureRevert(
            module, batchRemove, [.array([u(7), u(7)])], data: Revert.error("LimitTimeNotFound(address,uint256)", [a(s.compliance), u(7)]).data)
        // A new time takes the next index; the stale one for 7 still points past the end.
        s.configure(module, set, [limit(30, 10)])
        #expect(limitValues(30) == [.bool(true), u(1)])
        // A limit time wider than uint32 is malformed calldata.
        var calldata = ComplianceSuite.calldata(set, [limit(1, 1)])
        calldata[4 + 27] = 1
        s.mc.expectRevert("callModuleFunction(bytes,address)", [.bytes(calldata), a(module)], data: [])
    }

    @Test func timeTransferCountersAndChecks() throws {
        let s = try ModulesSuite()
        let module = try s.add(TimeTransfersLimitsModule())
        let h = Harness(chain: s.chain, contract: module)
        func counter(_ identity: Address, _ time: Int) -> [ABIValue] {
            h.view("usersCounters(address,address,uint32)(uint256,uint256)", [a(s.compliance), a(identity), u(time)])
        }
        // No limits: everything passes.
        #expect(s.moduleCheck(module, alice, bob, 1_000_000) == true)
        s.configure(module, "batchSetTimeTransferLimit((uint32,uint256)[])", [.array([limit(100, 50), limit(1000, 70)])])
        s.tk.send("mint(address,uint256)", [a(alice), u(200)])
        s.tk.send("mint(address,uint256)", [a(bob), u(200)])
        #expect(counter(aliceIdentity, 100) == [u(0), u(0)])  // mints are not counted
        // Truth table before any transfer.
        #expect(s.moduleCheck(module, .zero, alice, 1000) == true)  // mint
        #expect(s.moduleCheck(module, alice, bob, 50) == true)
        #expect(s.moduleCheck(module, alice, bob, 51) == false)
        #expect(s.reason(module, alice, bob, 51) == "time-transfers-limits-module: 51 is more than the limit 50 per 100-second window")
        s.tk.send("transfer(address,uint256)", [a(bob), u(30)], from: alice)
        let start = s.chain.latestBlock.timestamp
        #expect(counter(aliceIdentity, 100) == [u(30), .uint(UInt256(start + 100))])
        #expect(counter(aliceIdentity, 1000) == [u(30), .uint(UInt256(start + 1000))])
        #expect(counter(bobIdentity, 100) == [u(0), u(0)])  // the receiver is not counted
        #expect(s.moduleCheck(module, alice, bob, 20) == true)
        #expect(s.moduleCheck(module, alice, bob, 21) == false)
        #expect(
            s.reason(module, alice, bob, 21)
                == "time-transfers-limits-module: sender's identity \(aliceIdentity) has sent 30 in the 100-second window ending at "
                + "\(start + 100); 30 + 21 = 51 would pass the limit 50")
        #expect(s.moduleCheck(module, bob, alice, 50) == true)
        s.tk.send("transfer(address,uint256)", [a(bob), u(20)], from: alice)
        s.tk.expectRevert("transfer(address,uint256)", [a(bob), u(1)], from: alice, error: "TransferNotPossible()")
        // Burns are not counted.
        s.tk.send("burn(address,uint256)", [a(alice), u(10)])
        #expect(counter(aliceIdentity, 100) == [u(50), .uint(UInt256(start + 100))])
        // The token's agents are exempt; a wallet without identity is counted under the zero identity.
        #expect(s.moduleCheck(module, carol, bob, 60) == false)
        s.tk.send("setAgent(address,bool)", [a(alice), .bool(true)])
        #expect(s.moduleCheck(module, alice, bob, 1000) == true)
        #expect(s.reason(module, alice, bob, 1000) == "")
        s.tk.send("setAgent(address,bool)", [a(alice), .bool(false)])
        // One second before the window's end the counter still holds; at its end it is reset.
        try s.chain.setNextBlockTimestamp(start + 99)
        s.tk.expectRevert("transfer(address,uint256)", [a(bob), u(1)], from: alice, error: "TransferNotPossible()")
        try s.chain.setNextBlockTimestamp(start + 100)
        s.tk.send("transfer(address,uint256)", [a(bob), u(15)], from: alice)
        #expect(counter(aliceIdentity, 100) == [u(15), .uint(UInt256(start + 200))])
        // The longer window keeps counting: 50 + 15 = 65 of 70.
        #expect(counter(aliceIdentity, 1000) == [u(65), .uint(UInt256(start + 1000))])
        #expect(s.moduleCheck(module, alice, bob, 6) == false)
        #expect(s.moduleCheck(module, alice, bob, 5) == true)
        try s.chain.advanceTime(by: 2000)
        #expect(s.moduleCheck(module, alice, bob, 50) == true)
        // Counting directly from a bound compliance's hook only; the hook does not check.
        Harness(chain: s.chain, contract: module).expectRevert(
            "moduleTransferAction(address,address,uint256)", [a(alice), a(bob), u(1)], error: "OnlyBoundComplianceCanCall()")
        s.tk.send(
            "callCompliance(bytes)", [.bytes(ComplianceSuite.calldata("transferred(address,address,uint256)", [a(bob), a(alice), u(500)]))])
        #expect(counter(bobIdentity, 100).first == u(500))
    }

    @Test func timeTransferLimitsArePerCompliance() throws {
        let s = try ModulesSuite()
        let module = try s.add(TimeTransfersLimitsModule())
        s.configure(module, "setTimeTransferLimit((uint32,uint256))", [limit(100, 50)])
        let other = try s.deploy(ModularCompliance())
        let h = Harness(chain: s.chain, contract: module)
        #expect(h.view("getTimeTransferLimits(address)((uint32,uint256)[])", [a(other)]) == [.array([])])
        #expect(h.bool("isComplianceBound(address)(bool)", [a(other)]) == false)
    }

    // MARK: MaxHoldersModule

    @Test func maxHoldersCounting() throws {
        let s = try ModulesSuite()
        let module = try s.add(MaxHoldersModule())
        let h = Harness(chain: s.chain, contract: module)
        let events = ContractInterface(ModularCompliance.events + MaxHoldersModule.events)
        func holders() -> UInt256 { h.uint("getHolderCount(address)(uint256)", [a(s.compliance)]) }
        // The default maximum of 0 admits no holder.
        #expect(s.moduleCheck(module, .zero, alice, 1) == false)
        #expect(s.reason(module, .zero, alice, 1) == "max-holders-module: 0 holders already, the maximum")
        h.expectRevert("setMaxHolders(uint256)", [u(2)], error: "OnlyBoundComplianceCanCall()")
        expectEvents(
            s.configure(module, "setMaxHolders(uint256)", [u(2)]),
            [
                event("MaxHoldersSet", ["compliance": a(s.compliance), "maxHolders": u(2)]),
                event("ModuleInteraction", ["target": a(module), "selector": selectorWord("setMaxHolders(uint256)")]),
            ], interface: events)
        #expect(h.uint("getMaxHolders(address)(uint256)", [a(s.compliance)]) == uint256(2))
        s.tk.send("mint(address,uint256)", [a(alice), u(10)])
        #expect(holders() == uint256(1))
        s.tk.send("mint(address,uint256)", [a(alice), u(5)])
        #expect(holders() == uint256(1))
        s.tk.send("mint(address,uint256)", [a(bob), u(10)])
        #expect(holders() == uint256(2))
        // At the maximum: new holders are refused, existing ones pass.
        #expect(s.moduleCheck(module, .zero, mallory, 1) == false)
        #expect(s.reason(module, .zero, mallory, 1) == "max-holders-module: 2 holders already, the maximum")
        #expect(s.reason(module, .zero, alice, 1) == "")
        s.tk.expectRevert("mint(address,uint256)", [a(mallory), u(1)], error: "ComplianceNotFollowed()")
        #expect(s.moduleCheck(module, .zero, alice, 1) == true)
        #expect(s.moduleCheck(module, bob, alice, 1) == true)
        #expect(s.moduleCheck(module, alice, mallory, 14) == false)
        s.tk.expectRevert("transfer(address,uint256)", [a(mallory), u(14)], from: alice, error: "TransferNotPossible()")
        // A transfer that empties the sender's wallet leaves the count unchanged, so it passes.
        #expect(s.moduleCheck(module, alice, mallory, 15) == true)
        s.tk.send("transfer(address,uint256)", [a(mallory), u(15)], from: alice)
        #expect(holders() == uint256(2))
        // To an existing holder, emptying the sender: one holder fewer.
        s.tk.send("transfer(address,uint256)", [a(mallory), u(10)], from: bob)
        #expect(holders() == uint256(1))
        #expect(s.moduleCheck(module, mallory, alice, 1) == true)
        s.tk.send("transfer(address,uint256)", [a(alice), u(1)], from: mallory)
        #expect(holders() == uint256(2))
        // Burns: a partial burn keeps the holder, a full one frees the slot.
        s.tk.send("burn(address,uint256)", [a(mallory), u(4)])
        #expect(holders() == uint256(2))
        s.tk.send("burn(address,uint256)", [a(mallory), u(20)])
        #expect(holders() == uint256(1))
        #expect(s.moduleCheck(module, .zero, bob, 1) == true)
        // Not new holders: zero value, self-transfers, burns (to zero).
        s.tk.send("mint(address,uint256)", [a(bob), u(3)])
        #expect(s.moduleCheck(module, .zero, mallory, 0) == true)
        #expect(s.moduleCheck(module, mallory, mallory, 5) == true)
        #expect(s.moduleCheck(module, alice, .zero, 1) == true)
        // A lowered maximum below the count.
        s.configure(module, "setMaxHolders(uint256)", [u(1)])
        #expect(s.reason(module, .zero, mallory, 1) == "max-holders-module: 2 holders already, more than the maximum 1")
        #expect(s.moduleCheck(module, bob, mallory, 3) == true)
        // The hooks count only: a created() the token skips the check for still counts.
        s.tk.send("callCompliance(bytes)", [.bytes(ComplianceSuite.calldata("created(address,uint256)", [a(carol), u(1)]))])
        #expect(holders() == uint256(2))  // carol's balance is not the token's: nothing changed
        #expect(s.balance(carol) == .zero)
    }

    @Test func maxHoldersBindingAndPreset() throws {
        let s = try ModulesSuite()
        s.tk.send("mint(address,uint256)", [a(alice), u(10)])
        s.tk.send("mint(address,uint256)", [a(bob), u(10)])
        let module = try s.deploy(MaxHoldersModule())
        let h = Harness(chain: s.chain, contract: module)
        #expect(h.bool("canComplianceBind(address)(bool)", [a(s.compliance)]) == false)
        s.mc.expectRevert("addModule(address)", [a(module)], error: "ComplianceNotSuitableForBindingToModule(address)", [a(module)])
        h.expectRevert(
            "preSetHolderCount(address,uint256)", [a(s.compliance), u(2)], from: alice, error: "OnlyComplianceOwnerCanCall(address)",
            [a(s.compliance)])
        expectEvents(
            h.send("preSetHolderCount(address,uint256)", [a(s.compliance), u(2)]),
            [event("HolderCountPreSet", ["compliance": a(s.compliance), "holders": u(2)])], interface: MaxHoldersModule.interface)
        #expect(h.uint("getHolderCount(address)(uint256)", [a(s.compliance)]) == uint256(2))
        #expect(h.bool("canComplianceBind(address)(bool)", [a(s.compliance)]) == true)
        try s.chain.transact(s.compliance, "addModule(address)", [a(module)], from: deployer)
        h.expectRevert(
            "preSetHolderCount(address,uint256)", [a(s.compliance), u(3)], error: "TokenAlreadyBound(address)", [a(s.compliance)])
        s.configure(module, "setMaxHolders(uint256)", [u(3)])
        s.tk.send("mint(address,uint256)", [a(mallory), u(1)])
        #expect(h.uint("getHolderCount(address)(uint256)", [a(s.compliance)]) == uint256(3))
        #expect(s.moduleCheck(module, alice, carol, 1) == false)
    }

    @Test func maxHoldersWithOtherModules() throws {
        let s = try ModulesSuite()
        let holders = try s.add(MaxHoldersModule())
        let time = try s.add(TimeTransfersLimitsModule())
        s.configure(holders, "setMaxHolders(uint256)", [u(2)])
        s.configure(time, "setTimeTransferLimit((uint32,uint256))", [limit(3600, 10)])
        s.tk.send("mint(address,uint256)", [a(alice), u(100)])
        let timeReason = "time-transfers-limits-module: 11 is more than the limit 10 per 3600-second window"
        #expect(s.reason(time, alice, bob, 11) == timeReason)
        #expect(s.reason(alice, bob, 11) == s.complianceReason(time, TimeTransfersLimitsModule.self, timeReason))
        s.tk.send("transfer(address,uint256)", [a(bob), u(10)], from: alice)
        let holdersReason = "max-holders-module: 2 holders already, the maximum"
        #expect(s.reason(holders, alice, mallory, 1) == holdersReason)
        #expect(s.reason(alice, mallory, 1) == s.complianceReason(holders, MaxHoldersModule.self, holdersReason))
        #expect(s.reason(bob, alice, 1) == "")
    }
}
