import ArgumentParser
import MintSimPrimitives

struct Checksum: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "EIP-55 checksum form of each address.")

    @Argument(help: "Addresses; standard input (one per line) when omitted.")
    var addresses: [String] = []

    func run() throws {
        for text in try Input.values(addresses, what: "address") {
            Output.line(try Address(text).checksummed)
        }
    }
}

struct AddressOf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "address-of", abstract: "The address of each private key.")

    @Argument(help: "Private keys (32 bytes hex); standard input (one per line) when omitted.")
    var keys: [String] = []

    func run() throws {
        for text in try Input.values(keys, what: "private key") {
            Output.line(try PrivateKey(hex: text).address.checksummed)
        }
    }
}

/// The amount and unit arguments `to-wei` and `from-wei` share.
struct AmountArguments: ParsableArguments {
    @Argument(help: "Amount; standard input (one per line) when omitted.")
    var amount: String?

    @Argument(help: "Unit: ether (default), gwei, mwei, kwei or wei.")
    var unit: String?

    @Option(help: "Token decimals instead of a unit (0-77).")
    var decimals: Int?

    /// The number of decimals the unit or --decimals names.
    func places() throws -> Int {
        if let decimals {
            guard unit == nil else { throw InputError("give either a unit or --decimals, not both") }
            guard (0...77).contains(decimals) else { throw InputError("--decimals must be between 0 and 77, got \(decimals)") }
            return decimals
        }
        switch (unit ?? "ether").lowercased() {
        case "ether", "eth": return 18
        case "gwei": return 9
        case "mwei": return 6
        case "kwei": return 3
        case "wei": return 0
        default: throw InputError("unknown unit \"\(unit ?? "")\" (use ether, gwei, mwei, kwei, wei or --decimals N)")
        }
    }

    /// Converts each amount with `convert`, printing one result a line.
    func each(_ convert: (String, Int) throws -> String) throws {
        let places = try places()
        for text in try Input.values(amount.map { [$0] } ?? [], what: "amount") {
            Output.line(try convert(text, places))
        }
    }
}

struct ToWei: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-wei",
        abstract: "Convert a decimal amount to base units (wei, or a token's smallest unit).",
        discussion: "mintsim to-wei 1.5 → 1500000000000000000; mintsim to-wei 2 gwei; mintsim to-wei 12.34 --decimals 6")

    @OptionGroup var arguments: AmountArguments

    func run() throws {
        try arguments.each { text, places in try UInt256(amount: text, decimals: places).description }
    }
}

struct FromWei: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-wei",
        abstract: "Convert base units (decimal or 0x hex) to a decimal amount.",
        discussion: "mintsim from-wei 1500000000000000000 → 1.5; mintsim from-wei 1234 --decimals 2 → 12.34")

    @OptionGroup var arguments: AmountArguments

    func run() throws {
        try arguments.each { text, places in try UInt256(text).formatted(decimals: places) }
    }
}
