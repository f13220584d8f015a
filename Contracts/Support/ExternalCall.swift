import MintSimChain
import MintSimPrimitives

/// Calls to other contracts through their ABI, as Solidity makes them through an interface: the
/// callee's revert bubbles up, and return data that does not decode as the declared outputs reverts
/// with empty data.
enum ExternalCall {
    /// Calls `signature` (`name(inputs)(outputs)`) on `to` and decodes its outputs.
    static func call(_ context: ExecutionContext, _ to: Address, _ signature: String, _ arguments: [ABIValue]) throws(Revert)
        -> [ABIValue]
    {
        guard let function = try? ABIFunction.cached(signature), let calldata = try? function.encodeCall(arguments) else {
            throw Revert(data: [])
        }
        if !context.isContract(to) { throw Revert(data: []) }  // Solidity checks for code before a call
        let output = try context.call(to, calldata: calldata)
        return try decode(function, output)
    }

    /// Like `call`, but a revert or undecodable output is returned as nil (`try … catch`).
    static func tryCall(_ context: ExecutionContext, _ to: Address, _ signature: String, _ arguments: [ABIValue]) throws(Revert)
        -> [ABIValue]?
    {
        guard let function = try? ABIFunction.cached(signature), let calldata = try? function.encodeCall(arguments) else {
            return nil
        }
        if !context.isContract(to) { return nil }
        switch try context.tryCall(to, calldata: calldata) {
        case .success(let output): return try? decode(function, output)
        case .failure: return nil
        }
    }

    private static func decode(_ function: ABIFunction, _ output: [UInt8]) throws(Revert) -> [ABIValue] {
        guard let outputs = function.outputs, !outputs.isEmpty else { return [] }
        do { return try ABI.decode(outputs, output) } catch { throw Revert(data: []) }
    }
}

/// The ERC-165 id of an interface: the XOR of its functions' selectors.
func interfaceId(_ signatures: [String]) -> UInt32 {
    signatures.reduce(UInt32(0)) { $0 ^ ABIEntry("function " + $1).selector }
}
