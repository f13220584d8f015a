import MintSimChain
import MintSimPrimitives
import Testing

/// A test-only model that refuses with a custom error and an explanation.
struct Explainer: ContractModel {
    var kind: String { "explainer" }
    func construct(_ context: ExecutionContext) throws(Revert) {}
    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        throw Revert.error("Refused(uint256)", [.uint(UInt256(7))], explanation: "rule 7 refused the call")
    }
}

@Suite struct RevertExplanationTests {
    @Test func explanationsReachMessagesAndReceiptsButNotTheData() throws {
        let chain = Chain()
        let model = try chain.deploy(Explainer(), from: alice).address
        let expected = Revert.error("Refused(uint256)", [.uint(UInt256(7))])
        do {
            _ = try chain.send(TransactionRequest(from: alice, to: model, data: [1, 2, 3, 4]))
            Issue.record("the send was not refused")
        } catch {
            #expect(error.revert == expected)  // equality ignores the explanation
            #expect(error.revert?.explanation == "rule 7 refused the call")
            #expect(error.message == "execution reverted: revert: \(expected.data.hex) — rule 7 refused the call")
        }
        let receipt = try chain.send(TransactionRequest(from: alice, to: model, data: [1, 2, 3, 4], gasLimit: 100_000)).receipt
        #expect(receipt?.status == false)
        #expect(receipt?.revertData == expected.data)
        #expect(receipt?.revertExplanation == "rule 7 refused the call")
        #expect(expected.explained("why").description == "revert: \(expected.data.hex) — why")
        #expect(Revert.reason("no").explained("because").description == "revert: no — because")
    }
}
