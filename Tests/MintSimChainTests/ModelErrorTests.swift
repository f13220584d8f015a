import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

/// A model whose calls misuse the execution context in the ways a model author can: each selector
/// byte picks one mistake.
struct Misbehaving: ContractModel {
    var kind: String { "misbehaving" }
    var acceptsEther: Bool { true }
    func construct(_ context: ExecutionContext) throws(Revert) {}
    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch context.calldata.first {
        case 1:  // recurse into itself until the depth limit
            return try context.call(context.address, calldata: [1])
        case 2:  // send more ether than the contract holds
            return try context.call(Address.zero, calldata: [], value: context.balance(of: context.address) &+ .one)
        case 3:
            try context.emit(topics: [Hash](repeating: .zero, count: 5), data: [])
        case 4:
            try context.emit("Broken(uint256", data: [(.uint(256), .uint(.one))])
        case 5:
            try context.emit("Odd(uint8)", indexed: [(.uint(8), .uint(UInt256(300)))])
        case 6:
            try context.emit("Odd(uint8)", data: [(.uint(8), .string("not a number"))])
        default:
            break
        }
        return []
    }
}

@Suite struct ModelErrorTests {
    func revert(_ chain: Chain, _ target: Address, _ byte: UInt8) throws -> Revert? {
        let (_, receipt) = try chain.send(TransactionRequest(from: alice, to: target, data: [byte], gasLimit: 29_000_000))
        #expect(receipt?.status == false)
        guard let data = receipt?.revertData else { return nil }
        return Revert(data: data)
    }

    @Test func mistakesRevertWithReasons() throws {
        let chain = Chain()
        let model = try chain.deploy(Misbehaving(), from: alice).address
        #expect(try revert(chain, model, 1) == Revert.reason("call depth exceeded"))
        #expect(try revert(chain, model, 2) == Revert.reason("insufficient balance for transfer"))
        #expect(try revert(chain, model, 3) == Revert.reason("a log has at most 4 topics"))
        #expect(try revert(chain, model, 4) == Revert.reason("invalid event signature Broken(uint256"))
        #expect(try revert(chain, model, 5) == Revert.reason("event Odd(uint8): bad indexed value"))
        #expect(try revert(chain, model, 6) == Revert.reason("event Odd(uint8): bad data values"))
        #expect(Revert.reason("call depth exceeded").description == "revert: call depth exceeded")
        #expect(Revert.panic(0x11).description == "panic: 17")
    }

    @Test func deployingOntoAnUsedAddressReverts() throws {
        let chain = Chain()
        let target = Address.contractAddress(sender: alice, nonce: 0)
        chain.setNonce(3, of: target)  // the address already has history
        let (address, _, receipt) = try chain.deploy(Misbehaving(), from: alice, gasLimit: 500_000)
        #expect(address == target)
        #expect(receipt?.status == false)
        #expect(receipt?.revertData == Revert.reason("contract address collision at \(target)").data)
        #expect(chain.contract(at: target) == nil)
    }
}
