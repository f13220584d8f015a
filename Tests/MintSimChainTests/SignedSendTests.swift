import MintSimPrimitives
import Testing

@testable import MintSimChain

/// `sendSigned(_:signedBy:)`: a transaction its sender signed, sent without recovering the sender.
@Suite struct SignedBySendTests {
    @Test func recordsTheSameTransactionAsSendSigned() throws {
        let key = try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        let to = try Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
        func signed(_ chain: Chain, nonce: UInt64) throws -> SignedTransaction {
            try Transaction(
                type: .dynamicFee, chainId: UInt256(chain.config.chainId), nonce: nonce, maxFeePerGas: .zero, gasLimit: 21_000, to: to,
                value: UInt256(5), data: []
            ).signed(with: key)
        }
        let recovered = Chain(config: .development())
        let trusted = Chain(config: .development())
        let (hashA, receiptA) = try recovered.sendSigned(try signed(recovered, nonce: 0))
        let (hashB, receiptB) = try trusted.sendSigned(try signed(trusted, nonce: 0), signedBy: key.address)
        #expect(hashA == hashB)
        #expect(receiptA == receiptB)
        #expect(trusted.transaction(hash: hashB)?.from == key.address)
        #expect(try trusted.transaction(hash: hashB).map { try SignedTransaction(transaction: $0.transaction, signature: $0.signature!).recoverSender() } == key.address)
        #expect(trusted.latestBlock.hash == recovered.latestBlock.hash)
        // The chain id is still checked.
        let other = try Transaction(
            type: .dynamicFee, chainId: UInt256(1), nonce: 1, maxFeePerGas: .zero, gasLimit: 21_000, to: to, value: .zero, data: []
        ).signed(with: key)
        #expect(throws: ChainError(.wrongChainId, "invalid chain id: expected 31337, got 1")) {
            try trusted.sendSigned(other, signedBy: key.address)
        }
    }
}
