// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MintSim",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MintSimPrimitives", targets: ["MintSimPrimitives"]),
        .library(name: "MintSimChain", targets: ["MintSimChain"]),
        .library(name: "MintSimContracts", targets: ["MintSimContracts"]),
        .library(name: "MintSimScenario", targets: ["MintSimScenario"]),
        .library(name: "MintSimStore", targets: ["MintSimStore"]),
        .library(name: "MintSimAPI", targets: ["MintSimAPI"]),
        .library(name: "MintSimServer", targets: ["MintSimServer"]),
        .library(name: "MintSimTesting", targets: ["MintSimTesting"]),
        .executable(name: "mintsim", targets: ["mintsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Keccak-f[1600] and Keccak-256, written in the project (OpenSSL 3.0 has no Keccak-256).
        .target(name: "CKeccak", path: "Sources/CKeccak", exclude: ["keccak_f1600.inc"]),
        // System libraries found through pkg-config.
        .systemLibrary(
            name: "CSecp256k1", path: "Sources/CSecp256k1", pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"]), .brew(["secp256k1"])]),
        .systemLibrary(
            name: "CGMP", path: "Sources/CGMP", pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),

        .target(
            name: "MintSimPrimitives",
            dependencies: ["CKeccak", "CSecp256k1", "CGMP", "COpenSSL"]),
        .target(name: "MintSimChain", dependencies: ["MintSimPrimitives"]),
        // The contract models and their ABI JSON (Contracts/abi/).
        .target(
            name: "MintSimContracts", dependencies: ["MintSimPrimitives", "MintSimChain"], path: "Contracts",
            exclude: ["abi"]),
        // Scenario files: the YAML format, its checker, the runner, assertions, invariants and reports.
        .target(
            name: "MintSimScenario",
            dependencies: [
                "MintSimPrimitives", "MintSimChain", "MintSimContracts",
                .product(name: "Yams", package: "Yams"),
            ]),
        // Persistence on SQLite (GRDB, WAL): blocks, transactions, receipts, logs, state, names.
        .target(
            name: "MintSimStore",
            dependencies: [
                "MintSimPrimitives", "MintSimChain", "MintSimContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // The mint API adapter, free of any transport: one mint service and the platform dialects
        // mapping requests (method, path, headers, body) to it, the admin routes and the OpenAPI document;
        // it also serves scenarios with a mint-api section, in process.
        .target(
            name: "MintSimAPI",
            dependencies: ["MintSimPrimitives", "MintSimChain", "MintSimContracts", "MintSimScenario", .product(name: "Yams", package: "Yams")]),
        // The HTTP server (Hummingbird 2) that mounts the dialects on one port, and the webhook
        // deliverer (AsyncHTTPClient).
        .target(
            name: "MintSimServer",
            dependencies: [
                "MintSimAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        // The test library: a chain with named accounts, deployed models and assertions for XCTest
        // and Swift Testing suites alike (it imports neither).
        .target(name: "MintSimTesting", dependencies: ["MintSimPrimitives", "MintSimChain", "MintSimContracts"]),
        .executableTarget(
            name: "mintsim",
            dependencies: [
                "MintSimPrimitives", "MintSimContracts", "MintSimScenario", "MintSimStore", "MintSimAPI", "MintSimServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .executableTarget(
            name: "mintsim-bench",
            dependencies: [
                "MintSimPrimitives", "MintSimChain", "MintSimContracts", "MintSimScenario", "MintSimStore", "CKeccak",
                "CSecp256k1", "COpenSSL", "MintSimAPI", "MintSimServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/MintSimBench"),

        .testTarget(
            name: "MintSimPrimitivesTests",
            dependencies: ["MintSimPrimitives"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "MintSimChainTests",
            dependencies: ["MintSimChain"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "MintSimContractsTests",
            dependencies: ["MintSimContracts", "MintSimChain", "MintSimPrimitives"]),
        .testTarget(
            name: "MintSimScenarioTests",
            dependencies: ["MintSimScenario", "MintSimContracts", "MintSimChain", "MintSimPrimitives"]),
        .testTarget(
            name: "MintSimStoreTests",
            dependencies: ["MintSimStore", "MintSimContracts", "MintSimChain", "MintSimPrimitives"]),
        .testTarget(
            name: "MintSimAPITests",
            dependencies: ["MintSimAPI", "MintSimContracts", "MintSimChain", "MintSimPrimitives", "MintSimScenario"]),
        .testTarget(
            name: "MintSimServerTests",
            dependencies: [
                "MintSimServer", "MintSimAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "MintSimTestingTests",
            dependencies: ["MintSimTesting"]),
        .testTarget(
            name: "MintSimCLITests",
            dependencies: [
                "mintsim", "MintSimStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
