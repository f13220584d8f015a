import Foundation
import Testing

@Suite struct AccountsTests {
    static let abandonPhrase = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

    @Test func defaultOutputIsTheAnvilBanner() throws {
        let r = try mintsim("accounts")
        var expected = ["Available Accounts", "==================", ""]
        expected += anvilAddresses.enumerated().map { "(\($0)) \($1)" }
        expected += ["", "Private Keys", "==================", ""]
        expected += anvilKeys.enumerated().map { "(\($0)) \($1)" }
        expected += ["", "Wallet", "==================", "Mnemonic:          \(anvilMnemonic)", "Derivation path:   m/44'/60'/0'/0/"]
        expectOutput(r, expected)
        #expect(Array(r.lines.prefix(4)) == ["Available Accounts", "==================", "", "(0) 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"])
        #expect(r.lines.contains("(9) 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"))
        #expect(r.lines.contains("(0) 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
    }

    @Test func labelsArePaddedToTheWidestIndex() throws {
        let r = try mintsim("accounts", "--count", "12")
        #expect(r.status == 0)
        #expect(r.lines[3] == "(0)  0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        #expect(r.lines[13] == "(10) 0xBcd4042DE499D14e55001CcbB24a551F3b954096")
        #expect(r.lines[14] == "(11) 0x71bE63f3384f5fb98995898A86B02Fb2426c5788")
        #expect(r.lines.contains("(11) 0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82"))
    }

    @Test func jsonWithCount3() throws {
        let r = try mintsim("accounts", "--count", "3", "--json")
        let object = try #require(try expectJSON(r) as? [String: Any])
        #expect(Set(object.keys) == ["mnemonic", "derivationPath", "accounts"])
        #expect(object["mnemonic"] as? String == anvilMnemonic)
        #expect(object["derivationPath"] as? String == "m/44'/60'/0'/0/")
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        #expect(accounts.count == 3)
        for (i, account) in accounts.enumerated() {
            #expect(Set(account.keys) == ["index", "address", "privateKey", "path"])
            #expect(account["index"] as? Int == i)
            #expect(account["address"] as? String == anvilAddresses[i])
            #expect(account["privateKey"] as? String == anvilKeys[i])
            #expect(account["path"] as? String == "m/44'/60'/0'/0/\(i)")
        }
    }

    @Test func anotherMnemonic() throws {
        // Expected values from python eth-account: Account.from_mnemonic(phrase, account_path=...).
        let r = try mintsim("accounts", "--mnemonic", Self.abandonPhrase, "--count", "2")
        #expect(r.status == 0)
        #expect(r.lines[3] == "(0) 0x9858EfFD232B4033E47d90003D41EC34EcaEda94")
        #expect(r.lines[4] == "(1) 0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0")
        #expect(r.lines.contains("(0) 0x1ab42cc412b618bdea3a599e3c9bae199ebf030895b039e9db1e30dafb12b727"))
        #expect(r.lines.contains("(1) 0x9a983cb3d832fbde5ab49d692b7a8bf5b5d232479c99333d0fc8e1d21f1b55b6"))
        #expect(r.lines.contains("Mnemonic:          \(Self.abandonPhrase)"))
    }

    @Test func mnemonicIsNormalized() throws {
        let r = try mintsim("accounts", "--mnemonic", "  Test TEST test test test test test test test test test  junk ", "--count", "1", "--json")
        let object = try #require(try expectJSON(r) as? [String: Any])
        #expect(object["mnemonic"] as? String == anvilMnemonic)
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        #expect(accounts.first?["address"] as? String == address0)
    }

    @Test func passphrase() throws {
        // python: Account.from_mnemonic("test … junk", passphrase="x").address
        let r = try mintsim("accounts", "--passphrase", "x", "--count", "1")
        #expect(r.status == 0)
        #expect(r.lines[3] == "(0) 0xCc1383FE46280DBC3e1A2b7159f70CE24e681AaF")
        #expect(r.lines.contains("(0) 0x4e8457d475cea63afa2816843fbd004f0e823dd2d7a085000458a346bced6900"))
    }

    @Test(arguments: ["m/44'/60'/1'/0/", "m/44'/60'/1'/0", "m/44h/60h/1h/0/"])
    func derivationPath(path: String) throws {
        // python: Account.from_mnemonic("test … junk", account_path="m/44'/60'/1'/0/0").address
        let r = try mintsim("accounts", "--derivation-path", path, "--count", "2", "--json")
        let object = try #require(try expectJSON(r) as? [String: Any])
        #expect(object["derivationPath"] as? String == "m/44'/60'/1'/0/")
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        #expect(accounts[0]["address"] as? String == "0x8C8d35429F74ec245F8Ef2f4Fd1e551cFF97d650")
        #expect(accounts[1]["path"] as? String == "m/44'/60'/1'/0/1")
    }

    @Test func defaultPathSpelledOutGivesTheAnvilAccounts() throws {
        let r = try mintsim("accounts", "--derivation-path", "m/44'/60'/0'/0", "--count", "10")
        #expect(r.status == 0)
        #expect(Array(r.lines[3..<13]) == anvilAddresses.enumerated().map { "(\($0)) \($1)" })
        #expect(r.lines.last == "Derivation path:   m/44'/60'/0'/0/")
    }

    @Test func maximumCount() throws {
        let r = try mintsim("accounts", "--count", "1000", "--json")
        let object = try #require(try expectJSON(r) as? [String: Any])
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        #expect(accounts.count == 1000)
        #expect(accounts.last?["path"] as? String == "m/44'/60'/0'/0/999")
        let text = try mintsim("accounts", "--count", "1000")
        #expect(text.lines[3] == "(0)   \(address0)")
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["accounts", "--mnemonic", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"],
                  "invalid mnemonic: checksum mismatch (a word is wrong or out of order)"),
        ErrorCase(["accounts", "--mnemonic", "test test test test test test test test test test junk test"],
                  "invalid mnemonic: checksum mismatch (a word is wrong or out of order)"),
        ErrorCase(["accounts", "--mnemonic", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon foo"],
                  #"invalid mnemonic: word 12 "foo" is not in the BIP-39 English word list"#),
        ErrorCase(["accounts", "--mnemonic", "abandon abandon abandon"], "invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got 3"),
        ErrorCase(["accounts", "--mnemonic", ""], "invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got 0"),
        ErrorCase(["accounts", "--count", "0"], "--count must be between 1 and 1000, got 0"),
        ErrorCase(["accounts", "--count", "1001"], "--count must be between 1 and 1000, got 1001"),
        ErrorCase(["accounts", "--count=-1"], "--count must be between 1 and 1000, got -1"),
        ErrorCase(["accounts", "--count", "abc"], "The value 'abc' is invalid for '--count <count>'"),
        ErrorCase(["accounts", "--count"], "Missing value for '--count <count>'"),
        ErrorCase(["accounts", "--derivation-path", "m/44'/60'/0'/x"], #"invalid derivation path "m/44'/60'/0'/x": "x" is not an index below 2^31"#),
        ErrorCase(["accounts", "--derivation-path", "44'/60'/0'/0"], #"invalid derivation path "44'/60'/0'/0": must start with m/"#),
        ErrorCase(["accounts", "--derivation-path", ""], #"invalid derivation path "": must start with m/"#),
        ErrorCase(["accounts", "--derivation-path", "m/2147483648"], #"invalid derivation path "m/2147483648": "2147483648" is not an index below 2^31"#),
        ErrorCase(["accounts", "--derivation-path", "m/44''/60'"], #"invalid derivation path "m/44''/60'": "44''" is not an index below 2^31"#),
        ErrorCase(["accounts", "--bogus"], "Unknown option '--bogus'"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }

    /// Poor message: the path is quoted after its trailing "/" was removed, so it is not what the user typed
    /// (and "m/44'/60'/0'/0//" is reported as "m/44'/60'/0'/0/", which looks valid).
    @Test func derivationPathErrorQuotesTheInputAsGiven() throws {
        try ErrorCase(["accounts", "--derivation-path", "m/44'/60'/0'/x/"],
                      #"invalid derivation path "m/44'/60'/0'/x/": "x" is not an index below 2^31"#).run()
        try ErrorCase(["accounts", "--derivation-path", "m/44'/60'/0'/0//"],
                      #"invalid derivation path "m/44'/60'/0'/0//": "" is not an index below 2^31"#).run()
    }
}
