// `import MintSimTesting` is all a test file needs: the chain, the contract models and the
// primitives (Address, UInt256, ABIValue, …) come with it.
@_exported import MintSimChain
@_exported import MintSimContracts
@_exported import MintSimPrimitives
