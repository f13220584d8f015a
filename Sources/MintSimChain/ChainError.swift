import MintSimPrimitives

/// Why the chain refused a transaction or a request. Nothing changes when one is thrown.
public struct ChainError: CodedError {
    public enum Code: Sendable, Equatable {
        case nonceTooLow, nonceTooHigh, insufficientFunds, intrinsicGasTooLow, gasLimitExceedsBlock,
            feeBelowBaseFee, tipAboveFeeCap, wrongChainId, invalidTransaction, invalidSignature,
            unknownSnapshot, invalidTimestamp, unknownBlock, invalidArgument, senderNotEOA, alreadyKnown
    }
    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
