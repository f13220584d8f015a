import ArgumentParser
import MintSimContracts
import MintSimPrimitives

struct Contracts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The contract kinds MintSim models, with their constructor options.",
        discussion: "Options marked with = have that default; the others are required.")

    @Flag(help: "Print JSON: kind, ABI file, summary and options with types and defaults.")
    var json = false

    func run() throws {
        if json {
            try Output.json(ContractRegistry.kinds.map { kind -> [String: Any] in
                [
                    "kind": kind.name, "abi": "Contracts/abi/" + kind.abiFile, "summary": kind.summary,
                    "options": kind.options.map { option -> [String: Any] in
                        var object: [String: Any] = ["name": option.name, "type": option.type.description]
                        if let value = kind.defaults[option.name] { object["default"] = value }
                        return object
                    },
                ]
            })
            return
        }
        for kind in ContractRegistry.kinds {
            Output.line("\(kind.name)  \(kind.summary)")
            let options = kind.options.map { option in
                kind.defaults[option.name].map { "\(option.name): \(option.type)=\($0.isEmpty ? "\"\"" : $0)" }
                    ?? "\(option.name): \(option.type)"
            }
            Output.line("  options: " + options.joined(separator: ", "))
            Output.line("  abi: Contracts/abi/\(kind.abiFile)")
        }
    }
}

struct Abi: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The ABI JSON of a contract kind, as web3.py and ethers load it.",
        discussion: "The same JSON is committed in Contracts/abi/.")

    @Argument(help: "A contract kind (see `mintsim contracts`).")
    var kind: String

    func run() throws {
        let kind = try ContractRegistry.kind(named: kind)
        print(kind.interface.json, terminator: "")
    }
}
