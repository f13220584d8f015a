import Foundation
import Testing

/// The result of running the built `mintsim` binary.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(stdout.hasSuffix("\n") ? 1 : 0) }
}

/// Locates the `mintsim` executable that `swift build`/`swift test` placed next to the test bundle.
func mintsimBinary() throws -> URL {
    var candidates: [URL] = []
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = runner.deletingLastPathComponent()
    for _ in 0..<4 {
        candidates.append(directory.appendingPathComponent("mintsim"))
        directory = directory.deletingLastPathComponent()
    }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("mintsim"))
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
        return candidate
    }
    throw CLIRunnerError(message: "mintsim binary not found next to the test runner (\(runner.path)); run `swift build` first")
}

struct CLIRunnerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs `mintsim` with `arguments`, feeding `stdin` (an empty, closed standard input by default).
func mintsim(_ arguments: String..., stdin: String = "") throws -> CLIResult {
    try mintsim(arguments: arguments, stdin: stdin)
}

func mintsim(arguments: [String], stdin: String = "") throws -> CLIResult {
    let process = Process()
    process.executableURL = try mintsimBinary()
    process.arguments = arguments
    let input = Pipe(), output = Pipe(), error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = error.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CLIResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Expects a failure with status 2 and exactly one stderr line `error: <message>`.
func expectFailure(_ result: CLIResult, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 2, "status", sourceLocation: sourceLocation)
    #expect(result.stdout == "", "stdout", sourceLocation: sourceLocation)
    #expect(result.stderr == "error: \(message)\n", sourceLocation: sourceLocation)
}
