import MintSimChain
import MintSimPrimitives
import Testing

/// A test-only model that emits one event with indexed values of every kind.
struct IndexedEmitter: ContractModel {
    var kind: String { "indexed-emitter" }
    static let signature = "Indexed(string,bytes,uint256[],address,bool)"

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        try context.emit(
            Self.signature,
            indexed: [
                (.string, .string("hello")), (.bytes, .bytes([0xde, 0xad])), (.array(.uint(256)), .array([.uint(1), .uint(2)])),
            ],
            data: [(.address, .address(context.sender)), (.bool, .bool(true))])
        return []
    }
}

@Suite struct EventEncodingTests {
    /// Topics as Solidity computes them (and eth-abi/web3.py agree): keccak256 of the raw bytes of a
    /// string or bytes value, of the elements' 32-byte words for an array of value types.
    @Test func indexedDynamicValuesAreHashedAsSolidityDoes() throws {
        let chain = Chain()
        let emitter = try chain.deploy(IndexedEmitter(), from: alice).address
        let receipt = try chain.send(TransactionRequest(from: alice, to: emitter, data: [0, 0, 0, 0])).receipt
        let topics = try #require(receipt?.logs.first?.topics)
        #expect(topics.count == 4)
        #expect(topics[0] == Keccak256.hash(Array(IndexedEmitter.signature.utf8)))
        #expect(topics[1] == Keccak256.hash(Array("hello".utf8)))
        #expect(topics[1].hex == "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8")
        #expect(topics[2] == Keccak256.hash([0xde, 0xad]))
        #expect(topics[3] == Keccak256.hash(UInt256(1).bytes32 + UInt256(2).bytes32))
    }
}
