import Foundation
import Testing

/// Behaviour shared by the whole command line: help, version, unknown commands and options, missing input.
@Suite struct GeneralTests {
    static let commands = [
        "accounts", "keccak", "selector", "abi-encode", "calldata", "abi-decode",
        "checksum", "address-of", "decode-tx", "sign-tx", "to-wei", "from-wei",
    ]

    @Test func unknownSubcommand() throws {
        let r = try mintsim("frobnicate")
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.hasSuffix("\n") && r.stderr.filter { $0 == "\n" }.count == 1)
        #expect(r.stderr == "error: Unexpected argument 'frobnicate'\n")
    }

    @Test(arguments: [["--help"], ["-h"], ["help"], []])
    func rootHelp(arguments: [String]) throws {
        let r = try mintsim(arguments: arguments)
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.contains("USAGE: mintsim <subcommand>"))
        #expect(r.stdout.contains("OVERVIEW: A local, deterministic token chain simulator"))
        for command in Self.commands {
            #expect(r.lines.contains { $0.hasPrefix("  \(command) ") }, "\(command) listed")
        }
    }

    @Test(arguments: commands) func subcommandHelp(command: String) throws {
        for arguments in [[command, "--help"], ["help", command]] {
            let r = try mintsim(arguments: arguments)
            #expect(r.status == 0)
            #expect(r.stderr == "")
            #expect(r.stdout.hasPrefix("OVERVIEW: "))
            #expect(r.stdout.contains("USAGE: mintsim \(command)"))
        }
    }

    @Test func version() throws {
        expectOutput(try mintsim("--version"), ["0.1.0"])
        expectOutput(try mintsim("keccak", "--version"), ["0.1.0"])
    }

    @Test(arguments: commands) func unknownOption(command: String) throws {
        let required: [String: [String]] = [
            "abi-encode": ["f()"], "calldata": ["f()"], "abi-decode": ["uint256"], "sign-tx": ["--private-key", key0],
        ]
        expectFailure(try mintsim(arguments: [command] + (required[command] ?? []) + ["--bogus"]), "Unknown option '--bogus'")
    }

    /// Commands that read standard input when given no input, with nothing on it.
    @Test(arguments: [
        (["keccak"], "input"), (["selector"], "signature"), (["checksum"], "address"), (["address-of"], "private key"),
        (["to-wei"], "amount"), (["from-wei"], "amount"), (["abi-decode", "uint256"], "data"), (["decode-tx"], "raw transaction"),
        (["sign-tx", "--private-key", key0], "transaction JSON"),
    ])
    func emptyStandardInput(arguments: [String], what: String) throws {
        expectFailure(try mintsim(arguments: arguments), "no \(what) given (pass it as an argument or on standard input)")
        expectFailure(try mintsim(arguments: arguments, stdin: "\n\n"), "no \(what) given (pass it as an argument or on standard input)")
    }
}
