import ArgumentParser
import Foundation
import MintSimPrimitives

/// The `mintsim` command line.
struct MintSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mintsim",
        abstract: "A local, deterministic token chain simulator and contract test harness.",
        discussion: """
            Utilities read their input from arguments, or from standard input (one input per line) \
            when no argument is given, and print one result per line. Bad input prints a one-line \
            error on standard error and exits with status 2.
            """,
        version: "0.1.0",
        subcommands: [
            Accounts.self, Keccak.self, Selector.self, AbiEncode.self, Calldata.self, AbiDecode.self,
            Checksum.self, AddressOf.self, DecodeTx.self, SignTx.self, ToWei.self, FromWei.self, Contracts.self, Abi.self, Run.self, Fuzz.self,
            Balance.self, Supply.self, Holders.self, Tx.self, ReceiptCommand.self, BlockCommand.self, Logs.self, Tokens.self, Serve.self,
        ]
    )
}

@main
enum Entry {
    static func main() {
        do {
            var command = try MintSim.parseAsRoot()
            try command.run()
        } catch let error as CleanExit {
            MintSim.exit(withError: error)
        } catch let error as ExitCode {
            MintSim.exit(withError: error)
        } catch {
            if MintSim.exitCode(for: error) == .success {
                MintSim.exit(withError: error)
            }
            let message = MintSim.message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
            Output.error(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message)
            Foundation.exit(2)
        }
    }
}

/// What every command writes, and how.
enum Output {
    /// While set, what would be printed is collected here instead (a command that may still fail
    /// prints nothing of a void answer).
    nonisolated(unsafe) static var held: String?

    static func line(_ text: String, terminator: String = "\n") {
        if held != nil {
            held?.append(text + terminator)
        } else {
            print(text, terminator: terminator)
        }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }

    /// Pretty-printed JSON with sorted keys, so output is deterministic.
    static func json(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        line(String(decoding: data, as: UTF8.self))
    }
}

/// An error in the user's input, printed as `error: <message>` with exit status 2.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Inputs for commands that take one or more values: the arguments, or else (no argument, or `-`)
/// the non-empty lines of standard input.
enum Input {
    static func values(_ arguments: [String], what: String) throws -> [String] {
        if !arguments.isEmpty && arguments != ["-"] { return arguments }
        let lines = readStandardInput().split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw InputError("no \(what) given (pass it as an argument or on standard input)") }
        return lines
    }

    /// One value: the argument, or all of standard input with surrounding whitespace trimmed.
    static func single(_ argument: String?, what: String) throws -> String {
        if let argument, argument != "-" { return argument }
        let text = readStandardInput().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw InputError("no \(what) given (pass it as an argument or on standard input)") }
        return text
    }

    static func readStandardInput() -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Whether a value from JSONSerialization is `true`/`false` rather than a number: Foundation hands
/// both over as NSNumber, and on Linux the numbers 0 and 1 also cast to Bool.
func isJSONBoolean(_ value: Any) -> Bool {
    guard let number = value as? NSNumber else { return value is Bool }
    return String(cString: number.objCType) == "c"
}
