import Foundation
import Testing

@Suite struct ContractCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The kind names, from `contracts --json`.
    func kindNames() throws -> [String] {
        let kinds = try JSONSerialization.jsonObject(with: Data(try mintsim("contracts", "--json").stdout.utf8)) as? [[String: Any]]
        return kinds?.compactMap { $0["kind"] as? String } ?? []
    }

    @Test func contractsListsEveryKindWithOptions() throws {
        let result = try mintsim("contracts")
        #expect(result.status == 0)
        let names = try kindNames()
        #expect(Array(names.prefix(3)) == ["erc20", "erc721", "erc1155"])
        #expect(result.lines.count == 3 * names.count)
        #expect(result.lines[0].hasPrefix("erc20  ERC-20 with roles"))
        #expect(result.lines[1] == "  options: name: string, symbol: string, decimals: uint8=18, cap: uint256=0, initialSupply: uint256=0, initialHolder: address=0x0000000000000000000000000000000000000000")
        #expect(result.lines[2] == "  abi: Contracts/abi/ERC20Token.json")
        #expect(result.lines[3].hasPrefix("erc721  "))
        #expect(result.lines[4] == "  options: name: string, symbol: string, baseURI: string=\"\"")
        #expect(result.lines[6].hasPrefix("erc1155  "))
        #expect(result.lines[7] == "  options: uri: string=\"\"")
        for (index, name) in names.enumerated() { #expect(result.lines[3 * index].hasPrefix(name + "  ")) }
    }

    @Test func contractsJSON() throws {
        let result = try mintsim("contracts", "--json")
        #expect(result.status == 0)
        let kinds = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(kinds?.first?["kind"] as? String == "erc20")
        #expect(kinds?.first?["abi"] as? String == "Contracts/abi/ERC20Token.json")
        let options = kinds?.first?["options"] as? [[String: Any]]
        #expect(options?.first?["name"] as? String == "name")
        #expect(options?.first?["default"] == nil)
        #expect(options?[2]["default"] as? String == "18")
        let registry = kinds?.first { $0["kind"] as? String == "identity-registry" }?["options"] as? [[String: Any]]
        #expect(registry?.compactMap { $0["name"] as? String } == ["trustedIssuersRegistry", "claimTopicsRegistry", "identityStorage"])
    }

    @Test(arguments: [("erc20", "ERC20Token.json"), ("erc721", "ERC721Token.json"), ("erc1155", "ERC1155Token.json")])
    func abiPrintsTheCommittedFile(kind: String, file: String) throws {
        let result = try mintsim("abi", kind)
        #expect(result.status == 0)
        let committed = try String(contentsOf: Self.root.appendingPathComponent("Contracts/abi/\(file)"), encoding: .utf8)
        #expect(result.stdout == committed)
    }

    @Test func abiErrors() throws {
        let names = try kindNames().joined(separator: ", ")
        #expect(names.hasPrefix("erc20, erc721, erc1155"))
        expectFailure(try mintsim("abi", "erc777"), "unknown contract kind 'erc777' (kinds: \(names))")
        expectFailure(try mintsim("abi"), "Missing expected argument '<kind>'")
    }
}
