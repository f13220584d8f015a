import MintSimPrimitives

/// Why the chain refused a transaction or a request. Nothing changes when one is thrown.
public struct ChainError: CodedError {
    public enum Code: Sendable, Equatable {
        case nonceTooLow, nonceTooHigh, insufficientFunds, intrinsicGasTooLow, gasLimitExceedsBlock,
            feeBelowBaseFee, tipAboveFeeCap, wrongChainId, invalidTransaction, invalidSignature,
            unknownSnapshot, invalidTimestamp, invalidArgument, alreadyKnown, executionReverted, unknownContract,
            abiError, unknownBlock, stateUnavailable, storeFailed
    }
    public let code: Code
    public let message: String
    /// The revert, when a call or gas estimate reverted (`executionReverted`).
    public let revert: Revert?
    public init(_ code: Code, _ message: String, revert: Revert? = nil) {
        self.code = code
        self.message = message
        self.revert = revert
    }
}
