import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

let devAccounts: [DevAccount] = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 10)) ?? []
let alice = devAccounts[0].address
let bob = devAccounts[1].address
let carol = devAccounts[2].address
let tenThousandEther = (try? UInt256(amount: "10000", decimals: 18)) ?? .zero

func ether(_ text: String) -> UInt256 { (try? UInt256(amount: text, decimals: 18)) ?? .zero }
func gwei(_ text: String) -> UInt256 { (try? UInt256(amount: text, decimals: 9)) ?? .zero }

/// Expects `body` to throw a ChainError whose message is exactly `message`.
func expectChainError(_ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected ChainError \"\(message)\", nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as ChainError {
        #expect(error.message == message, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected ChainError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Everything observable about a chain's state and history, for comparing two chains.
struct ChainFingerprint: Equatable {
    let balances: [UInt256]
    let nonces: [UInt64]
    let blockHashes: [Hash]
    let now: UInt64
    let pending: [Hash]

    init(_ chain: Chain, accounts: [Address] = devAccounts.map(\.address) + [.zero]) {
        balances = accounts.map { chain.balance(of: $0) }
        nonces = accounts.map { chain.nonce(of: $0) }
        blockHashes = chain.blocks.map(\.hash)
        now = chain.now
        pending = chain.pending.map(\.hash)
    }
}
