import Foundation
import Testing

/// One HTTP/1.1 exchange over a loopback socket (status, body).
func httpRequest(port: Int, method: String, path: String, headers: [String: String] = [:], body: String = "") throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw CLIRunnerError(message: "socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw CLIRunnerError(message: "cannot connect to port \(port)") }
    var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    text += "\r\n" + body
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw CLIRunnerError(message: "send failed") }
        sent += n
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        received += buffer[0..<n]
    }
    let response = String(decoding: received, as: UTF8.self)
    guard let headerEnd = response.range(of: "\r\n\r\n"), let status = Int(response.split(separator: " ").dropFirst().first ?? "") else {
        throw CLIRunnerError(message: "not an HTTP response: \(response)")
    }
    return (status, String(response[headerEnd.upperBound...]))
}

@Suite struct ServeCommandTests {
    /// Starts `mintsim serve ARGUMENTS` and reads its banner up to the line that says where it listens.
    func startServer(_ arguments: [String]) throws -> (process: Process, lines: [String]) {
        let process = Process()
        process.executableURL = try mintsimBinary()
        process.arguments = ["serve"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let reader = output.fileHandleForReading
        while !text.contains("Listening on http://127.0.0.1:") || !text.hasSuffix("\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return (process, text.split(separator: "\n").map(String.init))
    }

    @Test func servesTheDemoPrintsItsBannerAndStopsOnSIGTERM() throws {
        let (process, lines) = try startServer(["--port", "0"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // Deterministic: the same demo on every machine.
        #expect(lines.first == "MintSim mint API: chain id 31337, block 68, time 1767225669")
        #expect(lines.contains("(0)  deployer          0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266  0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
        #expect(lines.contains { $0.hasPrefix("ACME                    security-token      0x") })
        #expect(lines.contains("assets at /assets (X-Api-Key)"))
        #expect(lines.contains("abclab at /abclab (no authentication)"))
        #expect(lines.contains("(10) immutable-minter  0xBcd4042DE499D14e55001CcbB24a551F3b954096  0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897"))
        #expect(lines.contains("qustody at /qustody (X-API-Key; Idempotency-Key on mint and burn)"))
        #expect(lines.contains { $0.hasPrefix("  token token_abc123 QUSD: 0x") && $0.hasSuffix(", vault vault_123") })
        #expect(lines.contains("  token token_draft QDRF: not deployed, vault vault_123"))
        #expect(lines.contains { $0.hasPrefix("immutable at /immutable (x-immutable-api-key; chain names imtbl-zkevm-testnet") })
        #expect(lines.contains { $0.hasPrefix("  asset_id UKGILT2030 → TOKEN-12345, token 0x") })
        let port = try #require(Int(lines.last?.split(separator: ":").last ?? ""))

        let minted = try httpRequest(
            port: port, method: "POST", path: "/abclab/api/tokens/mint", headers: ["Content-Type": "application/json"],
            body: #"{"asset_id": "UKGILT2030", "amount": 100, "recipient_wallet_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}"#)
        #expect(minted.status == 200)
        #expect(minted.body == #"{"status":"success","token_id":"TOKEN-12345","asset_id":"UKGILT2030","amount":100,"assigned_to":"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}"#)
        let setup = try httpRequest(port: port, method: "GET", path: "/_mintsim/setup")
        #expect(setup.status == 200)
        #expect(setup.body.contains(#""apiKey":"sm_atk_"#))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func servesASetupFile() throws {
        let example = ContractCommandTests.root.appendingPathComponent("scenarios/mint-api/setups/treasury.yaml").path
        let (process, lines) = try startServer(["--port", "0", "--config", example])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(lines.contains("(1) treasurer  0x70997970C51812dc3A010C7d01b50e0d17dc79C8  0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"))
        #expect(lines.contains("  treasurer: key sm_atk_treasurer_local, wallet 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, PINCODE 246810"))
        #expect(lines.contains("abclab at /abclab (Authorization: Bearer abclab-local-secret)"))
        #expect(lines.contains("  token token_eurx EURX: 0xc6e7DF5E7b4f2A278906862b61205850344D4e7d, vault vault_main"))
        #expect(lines.contains("wh_001 qustody → https://treasury.example.test/hooks/qustody"))
        let port = try #require(Int(lines.last?.split(separator: ":").last ?? ""))
        let body = #"{"asset_id": "GREENBOND", "amount": 5, "recipient_wallet_address": "0x90F79bf6EB2c4f870365E785982E1f101E93b906"}"#
        let refused = try httpRequest(port: port, method: "POST", path: "/abclab/api/tokens/mint", headers: ["Content-Type": "application/json"], body: body)
        #expect(refused.status == 401)
        let minted = try httpRequest(
            port: port, method: "POST", path: "/abclab/api/tokens/mint",
            headers: ["Content-Type": "application/json", "Authorization": "Bearer abclab-local-secret"], body: body)
        #expect(minted.status == 200)
        #expect(minted.body.contains(#""token_id":"TOKEN-777""#))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func aBrokenSetupFileOrAStateFileOfAnotherSetupIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.yaml").path
        try "accounts: [admin]\nqustody:\n  keys:\n    ops: { permissions: [tokens:mnit] }\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let result = try mintsim("serve", "--config", broken)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "error: \(broken):4:26: qustody key ops permissions: unknown permission 'tokens:mnit' (did you mean 'tokens:mint'?) (permissions: tokens:mint, tokens:burn, tokens:read, operations:approve)\n")
        #expect(try mintsim("serve", "--config", directory.appendingPathComponent("missing.yaml").path).stderr.hasSuffix("missing.yaml:1:1: the file does not exist\n"))
        // A setup file is one without steps, named or not.
        let named = directory.appendingPathComponent("named.yaml").path
        try "name: my setup\naccounts: [admin]\n".write(toFile: named, atomically: true, encoding: .utf8)
        expectFailure(
            try mintsim("serve", "--config", named),
            "\(named):1:1: unknown field 'name' in the setup; fields: accounts, mnemonic, deployer, securityTokens, assets, abclab, immutable, qustody, webhooks, faults")
        let faults = directory.appendingPathComponent("faults.yaml").path
        try "accounts: [admin]\nfaults: { failNext: [ { count: 1, dialect: assets } ] }\n".write(toFile: faults, atomically: true, encoding: .utf8)
        expectFailure(
            try mintsim("serve", "--config", faults, "--dialect", "qustody"), "\(faults):2:44: faults failNext dialect: assets is not served (only qustody is, at the root)")

        // A state file made with the demo does not hold the setup file's contracts.
        let state = directory.appendingPathComponent("demo.sqlite").path
        let (process, lines) = try startServer(["--port", "0", "--state", state])
        #expect(lines.last?.hasPrefix("Listening on") == true)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let example = ContractCommandTests.root.appendingPathComponent("scenarios/mint-api/setups/treasury.yaml").path
        let mismatch = try mintsim("serve", "--port", "0", "--state", state, "--config", example)
        #expect(mismatch.status == 3)
        #expect(mismatch.stderr.hasPrefix("error: \(state) holds a chain that mintsim serve did not set up with --config \(example): no erc20 GREENBOND at 0x"), "\(mismatch.stderr)")
    }

    @Test func servesTheStateAScenarioLeaves() throws {
        let scenarios = ContractCommandTests.root.appendingPathComponent("scenarios").path
        let (process, lines) = try startServer(["--port", "0", "--config", scenarios + "/mint-api/qustody-mint-approve-burn.yaml"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(lines.first == "\(scenarios)/mint-api/qustody-mint-approve-burn.yaml: 18 steps passed; serving the state they left")
        let port = try #require(Int(lines.last?.split(separator: ":").last ?? ""))
        let operation = try httpRequest(
            port: port, method: "GET", path: "/qustody/v1/operations/op_000001", headers: ["X-API-Key": "qk_test_f6d00bc85fe6c52dba7c6ba5d3ee2b3a"])
        #expect(operation.status == 200)
        #expect(operation.body.contains(#""status":"CONFIRMED""#))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()

        expectFailure(
            try mintsim("serve", "--config", scenarios + "/erc20-cap-and-pause.yaml"),
            "\(scenarios)/erc20-cap-and-pause.yaml: a scenario given as --config needs a mint-api section (the setup it serves: mint-api: demo)")
        expectFailure(
            try mintsim("serve", "--config", scenarios + "/mint-api/abclab-mint-token.yaml", "--state", "x.sqlite"),
            "--state cannot be used with a scenario as --config (the scenario's chain is new each time)")
        expectFailure(
            try mintsim("serve", "--config", scenarios + "/mint-api/abclab-mint-token.yaml", "--dialect", "abclab"),
            "--dialect cannot be used with a scenario as --config; set it in the scenario (mint-api: {setup: …, dialect: NAME})")
        let failing = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-failing-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: failing) }
        try "name: f\nmint-api: demo\nsteps:\n  - http: { path: /abclab/nowhere }\n    expect: { status: 200 }\n".write(toFile: failing, atomically: true, encoding: .utf8)
        let result = try mintsim("serve", "--config", failing)
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(failing):4:5: expected status 200, got 404"), "\(result.stdout)")
        #expect(result.stderr == "error: \(failing): the scenario failed, so there is nothing to serve\n")
    }

    @Test func badOptionsAreRefused() throws {
        expectFailure(try mintsim("serve", "--dialect", "abclabs"), #"unknown dialect "abclabs" (did you mean abclab?); dialects: assets, abclab, immutable, qustody"#)
        expectFailure(try mintsim("serve", "--port", "70000"), "--port must be from 0 to 65535, got 70000")
    }
}
