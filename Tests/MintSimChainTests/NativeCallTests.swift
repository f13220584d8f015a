import MintSimChain
import MintSimPrimitives
import Testing

/// A test-only model that calls a Counter directly through `callNative`: `bump(address,bool)` runs
/// the counter's increment as a call from this contract, then fails afterwards when asked.
struct NativeCaller: ContractModel {
    var kind: String { "native-caller" }
    static let bump = try! ABIFunction(parsing: "bump(address,bool)")
    static let probe = try! ABIFunction(parsing: "probe(address)(bool)")

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch context.selector {
        case Self.bump.selector:
            let args = try context.decodeArguments(Self.bump.inputs)
            guard case .address(let target) = args[0], case .bool(let failAfter) = args[1] else { throw Revert(data: []) }
            let result = try context.callNative(target, as: Counter.self) { counter, calleeContext throws(Revert) -> Address in
                try counter.bump(calleeContext, by: .one, note: "native")
                return calleeContext.sender
            }
            guard result == context.address else { throw Revert.reason("callee saw sender \(String(describing: result))") }
            if failAfter { throw Revert.reason("failed after the native call") }
            return []
        case Self.probe.selector:
            let args = try context.decodeArguments(Self.probe.inputs)
            guard case .address(let target) = args[0] else { throw Revert(data: []) }
            let found = try context.callNative(target, as: NativeCaller.self) { _, _ throws(Revert) in true }
            return UInt256(found == nil ? 0 : 1).bytes32
        default:
            throw Revert(data: [])
        }
    }
}

@Suite struct NativeCallTests {
    func setUp() throws -> (Chain, counter: Address, caller: Address) {
        let chain = Chain()
        let counter = try chain.deploy(Counter(initial: 5), from: alice).address
        let caller = try chain.deploy(NativeCaller(), from: alice).address
        return (chain, counter, caller)
    }

    @Test func nativeCallRunsTheCalleeAsACallFromTheCaller() throws {
        let (chain, counter, caller) = try setUp()
        let receipt = try chain.transact(caller, "bump(address,bool)", [.address(counter), .bool(false)], from: bob).receipt
        #expect(receipt?.status == true)
        #expect(try chain.call(counter, "count()(uint256)") == [.uint(UInt256(6))])
        // The callee's storage and events are the callee's; msg.sender was the calling contract.
        #expect(chain.storage(of: counter, Counter.bySlot(caller)) == .word(.one))
        #expect(chain.storage(of: counter, Counter.bySlot(bob)) == nil)
        #expect(receipt?.logs.map(\.address) == [counter])
        #expect(receipt?.logs.first?.topics.dropFirst().first == caller.word32)
    }

    @Test func aRevertAfterTheNativeCallUndoesTheCallee() throws {
        let (chain, counter, caller) = try setUp()
        expectChainError("execution reverted: revert: failed after the native call") {
            try chain.transact(caller, "bump(address,bool)", [.address(counter), .bool(true)], from: bob)
        }
        let receipt = try chain.transact(
            caller, "bump(address,bool)", [.address(counter), .bool(true)], from: bob, gasLimit: 500_000
        ).receipt
        #expect(receipt?.status == false)
        #expect(receipt?.logs.isEmpty == true)
        #expect(try chain.call(counter, "count()(uint256)") == [.uint(UInt256(5))])
    }

    @Test func aModelOfAnotherTypeOrNoModelGivesNil() throws {
        let (chain, counter, caller) = try setUp()
        #expect(try chain.call(caller, "probe(address)(bool)", [.address(counter)]) == [.bool(false)])
        #expect(try chain.call(caller, "probe(address)(bool)", [.address(bob)]) == [.bool(false)])
        #expect(try chain.call(caller, "probe(address)(bool)", [.address(caller)]) == [.bool(true)])
    }

    @Test func aNativeCallCostsACall() throws {
        let (chain, counter, caller) = try setUp()
        let withCall = try chain.estimateGas(
            Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, gasLimit: 0, to: caller, value: .zero,
                data: try NativeCaller.probe.encodeCall([.address(caller)])), from: bob)
        let without = try chain.estimateGas(
            Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, gasLimit: 0, to: caller, value: .zero,
                data: try NativeCaller.probe.encodeCall([.address(counter)])), from: bob)
        #expect(withCall == without + ExecutionGas.call)
    }
}
