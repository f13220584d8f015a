import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

/// Transactions signed by eth-account (scripts/gen_chain_vectors.py) are accepted with the hashes and
/// senders eth-account computes, and leave the balances computed independently in Python.
@Suite struct SignedSequenceTests {
    func load() throws -> [String: Any] {
        let base = try #require(Bundle.module.resourceURL)
        let url = base.appendingPathComponent("Fixtures").appendingPathComponent("signed_sequence.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test(arguments: [MiningMode.auto, .manual]) func ethAccountTransactions(mining: MiningMode) throws {
        let fixture = try load()
        var config = ChainConfig.development()
        config.baseFee = try UInt256(try #require(fixture["baseFee"] as? String))
        config.mining = mining
        let chain = Chain(config: config)
        let vectors = try #require(fixture["vectors"] as? [[String: Any]]).map { $0.compactMapValues { $0 as? String } }
        #expect(vectors.count >= 50)
        var hashes: [Hash] = []
        for v in vectors {
            let (hash, receipt) = try chain.sendRaw(try Hex.decode(try #require(v["raw"])))
            #expect(hash.hex == v["hash"])
            hashes.append(hash)
            if mining == .auto {
                let r = try #require(receipt)
                #expect(r.from.checksummed == v["sender"])
                #expect(r.gasUsed.description == v["gasUsed"])
                #expect(r.effectiveGasPrice.description == v["effectiveGasPrice"])
                #expect(r.status)
            }
        }
        if mining == .manual { chain.mine() }
        for (hash, v) in zip(hashes, vectors) {
            #expect(chain.transaction(hash: hash)?.from.checksummed == v["sender"])
            #expect(chain.receipt(hash: hash)?.gasUsed.description == v["gasUsed"])
        }
        for (address, balance) in try #require(fixture["finalBalances"] as? [String: String]) {
            #expect(chain.balance(of: try Address(address)).description == balance, "\(address)")
        }
        for (address, nonce) in try #require(fixture["finalNonces"] as? [String: Int]) {
            #expect(chain.nonce(of: try Address(address)) == UInt64(nonce), "\(address)")
        }
    }
}
