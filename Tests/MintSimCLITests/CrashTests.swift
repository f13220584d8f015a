import Foundation
import MintSimChain
import MintSimPrimitives
import MintSimStore
import Testing

/// A long scenario: a token, then `transfers` automined transfers among four accounts (one block each).
private func longScenario(transfers: Int) -> String {
    var text = """
        name: long run
        accounts: [owner, a, b, c]
        contracts:
          LONG: { kind: erc20, from: owner, args: { name: Long, symbol: LNG, decimals: 0 } }
        steps:
          - mint: { token: LONG, to: a, amount: "1000000" }
          - mint: { token: LONG, to: b, amount: "1000000" }

        """
    let names = ["a", "b", "c"]
    for i in 0..<transfers {
        text += "  - transfer: { token: LONG, from: \(names[i % 2]), to: \(names[(i + 1) % 3]), amount: \"\(i % 7 + 1)\" }\n"
    }
    return text
}

/// SplitMix64: the kill points are random but the same on every run.
private struct Seeded {
    var state: UInt64
    mutating func next(below bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % bound
    }
}

@Suite("Crash safety of mintsim run --state")
struct CrashTests {
    /// Each round runs the long scenario on the same state file (the chain continues) and, once a
    /// reader of the file sees the block chosen for the round committed, kills the process with
    /// SIGKILL, which lands wherever the process then is (usually in the middle of the next
    /// block's SQLite transaction). After each kill the file must re-open, its blocks must chain
    /// from genesis (hashes, parents, transaction roots), and every block the reader had seen
    /// committed must still be there with the same hash. The reader polls the file every
    /// millisecond; no outcome depends on how long anything takes.
    @Test("SIGKILL at 24 points: the file re-opens, blocks chain, nothing committed is lost")
    func killedRuns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("long.yaml").path
        try longScenario(transfers: 600).write(toFile: scenario, atomically: true, encoding: .utf8)
        let state = directory.appendingPathComponent("chain.sqlite").path
        let binary = try mintsimBinary()

        var random = Seeded(state: 20_261_125)
        var seen: [UInt64: Hash] = [:]
        var kills = 0, rounds = 0
        while kills < 24 && rounds < 60 {
            rounds += 1
            let process = Process()
            process.executableURL = binary
            process.arguments = ["run", "--quiet", "--state", state, scenario]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The round's kill point: 1 to 200 blocks after what the file held when it started.
            let start = seen.keys.max() ?? 0
            let target = start + 1 + random.next(below: 200)
            var reader: StateFile?
            var reached = false
            while process.isRunning {
                if reader == nil, FileManager.default.fileExists(atPath: state) {
                    reader = try? StateFile(path: state, mode: .readOnly)
                }
                if let reader, let latest = try? reader.latestBlockNumber(), latest >= target {
                    // Every block up to here is committed: remember its hash.
                    let from = (seen.keys.max() ?? 0)
                    for block in try reader.readBlocks(from...latest) { seen[block.number] = block.hash }
                    kill(process.processIdentifier, SIGKILL)
                    reached = true
                    break
                }
                usleep(1_000)
            }
            process.waitUntilExit()
            if reached {
                #expect(process.terminationReason == .uncaughtSignal, "round \(rounds): the process ended before the kill")
                kills += 1
            }
            // The file re-opens (for writing, which recovers the WAL), its blocks chain, and it holds
            // every block seen before the kill.
            let reopened = try StateFile(path: state, mode: .readWrite)
            let chain = try reopened.chain()
            let count = try reopened.checkIntegrity()
            #expect(UInt64(count) == chain.blockNumber + 1)
            let latest = try #require(try reopened.latestBlockNumber())
            #expect(latest >= (seen.keys.max() ?? 0), "round \(rounds): blocks lost")
            for (number, hash) in seen.sorted(by: { $0.key < $1.key }) where number + 50 > (seen.keys.max() ?? 0) || number % 97 == 0 {
                #expect(try reopened.readBlock(number: number)?.hash == hash, "round \(rounds): block \(number) changed")
            }
            // Blocks committed after the reader looked may exist too: they must extend the same chain.
            for block in try reopened.readBlocks((seen.keys.max() ?? 0)...latest) { seen[block.number] = block.hash }
        }
        #expect(kills >= 20, "only \(kills) kills in \(rounds) rounds")

        // Finally a run that is not interrupted completes on the recovered chain.
        let final = try mintsim("run", "--quiet", "--state", state, scenario)
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
        let file = try StateFile(path: state, mode: .readOnly)
        #expect(try file.checkIntegrity() > Int(seen.keys.max() ?? 0))
    }
}
