import ArgumentParser
import MintSimPrimitives

struct Accounts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the development accounts derived from a mnemonic, as anvil does at start (--state: a chain's accounts and balances).")

    @Option(help: "BIP-39 mnemonic phrase.")
    var mnemonic: String = Mnemonic.defaultPhrase

    @Option(help: "BIP-39 passphrase.")
    var passphrase: String = ""

    @Option(help: "Number of accounts (1-1000).")
    var count: Int = 10

    @Option(name: .customLong("derivation-path"), help: "Path prefix; the account index is appended.")
    var derivationPath: String = "m/44'/60'/0'/0/"

    @Flag(help: "Print JSON.")
    var json = false

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp("Instead, list the named and funded accounts of this state file with their balances.", valueName: "file"))
    var state: String?

    func run() throws {
        if let state {
            try StateAccounts.run(path: state, json: json)
            return
        }
        guard (1...1000).contains(count) else { throw InputError("--count must be between 1 and 1000, got \(count)") }
        let phrase = try Mnemonic(mnemonic)
        let prefix = try DerivationPath(derivationPath, prefix: true)
        let accounts = try phrase.accounts(count: count, passphrase: passphrase, pathPrefix: prefix)
        if json {
            try Output.json([
                "mnemonic": phrase.phrase,
                "derivationPath": prefix.description + "/",
                "accounts": accounts.map {
                    ["index": $0.index, "address": $0.address.checksummed, "privateKey": $0.privateKey.hex, "path": $0.path.description]
                },
            ])
            return
        }
        let width = String(count - 1).count
        func label(_ i: Int) -> String { "(\(i))" + String(repeating: " ", count: width - String(i).count) }
        Output.line("Available Accounts\n==================\n")
        for account in accounts { Output.line("\(label(account.index)) \(account.address.checksummed)") }
        Output.line("\nPrivate Keys\n==================\n")
        for account in accounts { Output.line("\(label(account.index)) \(account.privateKey.hex)") }
        Output.line("\nWallet\n==================")
        Output.line("Mnemonic:          \(phrase.phrase)")
        Output.line("Derivation path:   \(prefix.description)/")
    }
}
