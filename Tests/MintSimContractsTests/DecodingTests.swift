import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@Suite struct DecodingTests {
    @Test func decodesAnERC20TransferAndAnERC721TransferByTheirTopics() throws {
        let erc20 = try Harness(ContractRegistry.model(kind: "erc20", options: ["name": "A", "symbol": "A"]))
        let logs = erc20.send("mint(address,uint256)", [a(alice), u(UInt256(7))])
        let decoded = try #require(ContractDecoder.decodeLog(logs[0], on: erc20.chain))
        #expect(decoded.description == "Transfer(from: 0x0000000000000000000000000000000000000000, to: \(alice.checksummed), value: 7)")
        #expect(decoded.signature == "Transfer(address,address,uint256)")
        #expect(decoded.argument("value") == u(UInt256(7)))

        let erc721 = try Harness(ContractRegistry.model(kind: "erc721", options: ["name": "N", "symbol": "N"]))
        let nftLogs = erc721.send("mint(address,uint256)", [a(bob), u(UInt256(42))])
        let nft = try #require(ContractDecoder.decodeLog(nftLogs[0]))
        #expect(nft.description == "Transfer(from: 0x0000000000000000000000000000000000000000, to: \(bob.checksummed), tokenId: 42)")
    }

    @Test func decodesCustomErrorsWithArgumentNames() throws {
        let revert = Revert.error("ERC20InsufficientBalance(address,uint256,uint256)", [a(alice), u(UInt256(5)), u(UInt256(10))])
        let decoded = try #require(ContractDecoder.decodeRevert(revert.data))
        #expect(decoded.name == "ERC20InsufficientBalance")
        #expect(decoded.description == "ERC20InsufficientBalance(sender: \(alice.checksummed), balance: 5, needed: 10)")
        #expect(ContractDecoder.describe(revert.explained("alice has 5, needs 10"))
            == "ERC20InsufficientBalance(sender: \(alice.checksummed), balance: 5, needed: 10) — alice has 5, needs 10")
    }

    @Test func describesBuiltinErrorsEmptyAndUnknownReverts() {
        #expect(ContractDecoder.describe(Revert.reason("country not restricted")) == "Error(\"country not restricted\")")
        #expect(ContractDecoder.describe(Revert.panic(0x11)) == "Panic(17: arithmetic overflow or underflow)")
        #expect(ContractDecoder.describe(Revert.panic(0x99)) == "Panic(153)")
        #expect(ContractDecoder.describe(Revert(data: [])) == "revert with no data")
        #expect(ContractDecoder.describe(Revert(data: [1, 2, 3, 4, 5])) == "revert data 0x0102030405")
        #expect(ContractDecoder.decodeRevert([1, 2, 3]) == nil)
    }

    @Test func refusesArgumentsThatDoNotDecode() {
        // ERC20InsufficientBalance's selector with a truncated body.
        let data = Array(Revert.error("ERC20InsufficientBalance(address,uint256,uint256)", [a(alice), u(.one), u(.one)]).data.prefix(40))
        #expect(ContractDecoder.decodeRevert(data) == nil)
        #expect(ContractDecoder.describe(Revert(data: data)) == "revert data \(data.hex)")
    }

    @Test func listsErrorsAndEventsByName() {
        #expect(ContractDecoder.errors(named: "UnverifiedIdentity").map(\.signature) == ["UnverifiedIdentity()"])
        #expect(ContractDecoder.errors(named: "Error").map(\.signature) == ["Error(string)"])
        #expect(Set(ContractDecoder.events(named: "Transfer").map { $0.inputs.filter(\.indexed).count }) == [2, 3])
        #expect(ContractDecoder.errorNames.contains("InsufficientCollateral"))
        #expect(ContractDecoder.eventNames.contains("TokensFrozen"))
    }

    @Test func decodesIndexedArgumentsFromTopicsAndRefusesUnknownTopics() throws {
        let log = Log(
            address: alice, topics: [ABIEntry("event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)").topic0, Hash.zero, alice.word32, bob.word32],
            data: [])
        let decoded = try #require(ContractDecoder.decodeLog(log))
        #expect(decoded.description == "RoleGranted(role: 0x0000000000000000000000000000000000000000000000000000000000000000, account: \(alice.checksummed), sender: \(bob.checksummed))")
        #expect(decoded.arguments.allSatisfy { !$0.hashed })
        #expect(ContractDecoder.decodeLog(Log(address: alice, topics: [Hash.zero], data: [])) == nil)
    }
}
