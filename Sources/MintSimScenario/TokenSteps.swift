import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Yams

extension Checker {
    /// Reads the token of a token step, then its fields as that token's kind takes them.
    func tokenFields(
        _ node: YNode, _ step: String, kinds: [String], _ fieldsFor: (String) -> (required: [String], optional: [String])
    ) -> (ContractInfo, YAMLReader.Fields)? {
        guard case .mapping(let mapping) = node else {
            reader.error(node, "\(step) must be a mapping, found \(YAMLReader.kindName(node))")
            return nil
        }
        guard let tokenNode = mapping.first(where: { $0.key.scalar?.string == "token" })?.value else {
            reader.error(node, "\(step) needs 'token'")
            return nil
        }
        guard let info = token(tokenNode, "\(step) token", kinds: kinds) else {
            _ = reader.fields(node, step, optional: Array(Set(kinds.flatMap { fieldsFor($0).required + fieldsFor($0).optional } + ["token"])))
            return nil
        }
        let (required, optional) = fieldsFor(info.kind)
        guard let fields = reader.fields(node, "\(step) (\(info.kind))", required: ["token"] + required, optional: optional) else { return nil }
        return (info, fields)
    }

    private func call(
        _ info: ContractInfo, _ signature: String, _ arguments: [StepArgument], from: Address
    ) -> Call {
        Call(contract: ContractRef(name: info.name, part: nil), signature: signature, arguments: arguments, from: from, value: .zero)
    }

    private func from(_ fields: YAMLReader.Fields, _ step: String, _ info: ContractInfo) -> Address? {
        if let node = fields["from"] { return sender(node, "\(step) from") }
        return deployers[info.name] ?? ChainConfig.defaultDeployer
    }

    private func units(_ value: UInt256, _ info: ContractInfo) -> String { "\(value.formatted(decimals: info.decimals)) \(info.name)" }

    private func who(_ argument: StepArgument) -> String {
        switch argument {
        case .value(.address(let address)): return name(of: address)
        case .contract(let ref): return ref.description
        default: return "?"
        }
    }

    func readTokenAction(_ kind: String, _ node: YNode) -> (Action, String, ContractInfo?)? {
        if let action = readTokenActionFields(kind, node) { return action }
        // The step stopped at its first mistake: check every field, so that all of a step's mistakes
        // are reported (a message already given is not repeated).
        guard case .mapping(let mapping) = node, let tokenNode = mapping.first(where: { $0.key.scalar?.string == "token" })?.value,
            let name = tokenNode.scalar?.string, let info = contracts[name]
        else { return nil }
        for (keyNode, value) in mapping {
            guard let field = keyNode.scalar?.string, case .scalar = value, !YAMLReader.isNull(value) else { continue }
            let what = "\(kind) \(field)"
            switch field {
            case "from": _ = sender(value, what)
            case "to", "account", "spender", "owner", "operator", "wallet": _ = target(value, what)
            case "amount": _ = amount(value, decimals: info.kind == "erc1155" || info.kind == "erc721" ? 0 : info.decimals, what)
            case "tokenId", "id": _ = tokenId(value, what)
            default: break
            }
        }
        return nil
    }

    private func readTokenActionFields(_ kind: String, _ node: YNode) -> (Action, String, ContractInfo?)? {
        switch kind {
        case "mint":
            guard let (info, fields) = tokenFields(node, kind, kinds: Self.allTokens, { kind in
                switch kind {
                case "erc721": return (["to"], ["tokenId", "quantity", "uri", "safe", "from"])
                case "erc1155": return (["to", "id", "amount"], ["data", "from"])
                default: return (["to", "amount"], ["from"])
                }
            }), let toNode = fields["to"], let to = target(toNode, "mint to"), let sender = from(fields, kind, info) else { return nil }
            switch info.kind {
            case "erc721":
                if let idNode = fields["tokenId"] {
                    guard let id = tokenId(idNode, "mint tokenId") else { return nil }
                    if fields.has("quantity") { reader.error(idNode, "mint: give tokenId or quantity, not both") }
                    let safe = fields["safe"].flatMap { reader.bool($0, "mint safe") } ?? false
                    if let uriNode = fields["uri"], let uri = reader.string(uriNode, "mint uri") {
                        return (.call(call(info, "safeMint(address,uint256,string)", [to, .value(.uint(id)), .value(.string(uri))], from: sender)), "mint \(info.name) #\(id) to \(who(to))", info)
                    }
                    return (.call(call(info, safe ? "safeMint(address,uint256)" : "mint(address,uint256)", [to, .value(.uint(id))], from: sender)), "mint \(info.name) #\(id) to \(who(to))", info)
                }
                if let uriNode = fields["uri"] { reader.error(uriNode, "mint: a uri needs an explicit tokenId") }
                let quantity = fields["quantity"].flatMap { tokenId($0, "mint quantity") } ?? .one
                return (.call(call(info, "mintSequential(address,uint256)", [to, .value(.uint(quantity))], from: sender)), "mint \(quantity) \(info.name) to \(who(to)) (sequential ids)", info)
            case "erc1155":
                guard let idNode = fields["id"], let id = tokenId(idNode, "mint id"), let amountNode = fields["amount"],
                    let value = amount(amountNode, decimals: 0, "mint amount")
                else { return nil }
                let data = fields["data"].flatMap { bytes($0, "mint data") } ?? []
                return (.call(call(info, "mint(address,uint256,uint256,bytes)", [to, .value(.uint(id)), .value(.uint(value)), .value(.bytes(data))], from: sender)), "mint \(value) of \(info.name) #\(id) to \(who(to))", info)
            default:
                guard let amountNode = fields["amount"], let value = amount(amountNode, decimals: info.decimals, "mint amount") else { return nil }
                return (.call(call(info, "mint(address,uint256)", [to, .value(.uint(value))], from: sender)), "mint \(units(value, info)) to \(who(to))", info)
            }

        case "batch-mint":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["erc20", "security-token", "erc1155"], { kind in
                kind == "erc1155" ? (["to", "ids", "amounts"], ["data", "from"]) : (["to", "amounts"], ["from"])
            }), let sender = from(fields, kind, info) else { return nil }
            if info.kind == "erc1155" {
                guard let toNode = fields["to"], let to = target(toNode, "batch-mint to"), let idsNode = fields["ids"],
                    let idItems = reader.sequence(idsNode, "batch-mint ids"), let amountsNode = fields["amounts"],
                    let amountItems = reader.sequence(amountsNode, "batch-mint amounts")
                else { return nil }
                let ids = idItems.compactMap { tokenId($0, "batch-mint ids") }.map { StepArgument.value(.uint($0)) }
                let amounts = amountItems.compactMap { amount($0, decimals: 0, "batch-mint amounts") }.map { StepArgument.value(.uint($0)) }
                let data = fields["data"].flatMap { bytes($0, "batch-mint data") } ?? []
                return (.call(call(info, "mintBatch(address,uint256[],uint256[],bytes)", [to, .array(ids), .array(amounts), .value(.bytes(data))], from: sender)), "mint a batch of \(ids.count) ids of \(info.name) to \(who(to))", info)
            }
            guard let toNode = fields["to"], let toItems = reader.sequence(toNode, "batch-mint to"), let amountsNode = fields["amounts"],
                let amountItems = reader.sequence(amountsNode, "batch-mint amounts")
            else { return nil }
            let recipients = toItems.compactMap { target($0, "batch-mint to") }
            let amounts = amountItems.compactMap { amount($0, decimals: info.decimals, "batch-mint amounts") }.map { StepArgument.value(.uint($0)) }
            return (.call(call(info, "batchMint(address[],uint256[])", [.array(recipients), .array(amounts)], from: sender)), "mint a batch to \(recipients.count) account\(recipients.count == 1 ? "" : "s") of \(info.name)", info)

        case "burn":
            guard let (info, fields) = tokenFields(node, kind, kinds: Self.allTokens, { kind in
                switch kind {
                case "erc721": return (["tokenId"], ["from"])
                case "erc1155": return (["id", "amount"], ["account", "from"])
                case "security-token": return (["account", "amount"], ["from"])
                default: return (["amount"], ["account", "from"])
                }
            }), let sender = from(fields, kind, info) else { return nil }
            switch info.kind {
            case "erc721":
                guard let idNode = fields["tokenId"], let id = tokenId(idNode, "burn tokenId") else { return nil }
                return (.call(call(info, "burn(uint256)", [.value(.uint(id))], from: sender)), "burn \(info.name) #\(id)", info)
            case "erc1155":
                guard let idNode = fields["id"], let id = tokenId(idNode, "burn id"), let amountNode = fields["amount"],
                    let value = amount(amountNode, decimals: 0, "burn amount")
                else { return nil }
                let account = fields["account"].flatMap { target($0, "burn account") } ?? .value(.address(sender))
                return (.call(call(info, "burn(address,uint256,uint256)", [account, .value(.uint(id)), .value(.uint(value))], from: sender)), "burn \(value) of \(info.name) #\(id) from \(who(account))", info)
            default:
                guard let amountNode = fields["amount"], let value = amount(amountNode, decimals: info.decimals, "burn amount") else { return nil }
                if let accountNode = fields["account"] {
                    guard let account = target(accountNode, "burn account") else { return nil }
                    return (.call(call(info, "burn(address,uint256)", [account, .value(.uint(value))], from: sender)), "burn \(units(value, info)) from \(who(account))", info)
                }
                return (.call(call(info, "burn(uint256)", [.value(.uint(value))], from: sender)), "burn \(units(value, info)) of \(name(of: sender))", info)
            }

        case "burn-from":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["erc20"], { _ in (["account", "amount", "from"], []) }),
                let accountNode = fields["account"], let account = target(accountNode, "burn-from account"),
                let amountNode = fields["amount"], let value = amount(amountNode, decimals: info.decimals, "burn-from amount"),
                let sender = from(fields, kind, info)
            else { return nil }
            return (.call(call(info, "burnFrom(address,uint256)", [account, .value(.uint(value))], from: sender)), "burn \(units(value, info)) from \(who(account)) by \(name(of: sender))", info)

        case "transfer", "transfer-from":
            let isFrom = kind == "transfer-from"
            guard let (info, fields) = tokenFields(node, kind, kinds: Self.allTokens, { kind in
                let base = isFrom ? ["from", "owner", "to"] : ["from", "to"]
                switch kind {
                case "erc721": return (base + ["tokenId"], ["safe", "data"])
                case "erc1155": return (base + ["id", "amount"], ["data"])
                default: return (base + ["amount"], [])
                }
            }), let senderNode = fields["from"], let sender = sender(senderNode, "\(kind) from"), let toNode = fields["to"],
                let to = target(toNode, "\(kind) to")
            else { return nil }
            let owner: StepArgument
            if isFrom {
                guard let ownerNode = fields["owner"], let value = target(ownerNode, "transfer-from owner") else { return nil }
                owner = value
            } else {
                owner = .value(.address(sender))
            }
            let by = isFrom ? " by \(name(of: sender))" : ""
            switch info.kind {
            case "erc721":
                guard let idNode = fields["tokenId"], let id = tokenId(idNode, "\(kind) tokenId") else { return nil }
                let safe = fields["safe"].flatMap { reader.bool($0, "\(kind) safe") } ?? false
                let data = fields["data"].flatMap { bytes($0, "\(kind) data") }
                let signature = data != nil ? "safeTransferFrom(address,address,uint256,bytes)" : safe ? "safeTransferFrom(address,address,uint256)" : "transferFrom(address,address,uint256)"
                var arguments = [owner, to, .value(.uint(id))]
                if let data { arguments.append(.value(.bytes(data))) }
                return (.call(call(info, signature, arguments, from: sender)), "transfer \(info.name) #\(id) from \(who(owner)) to \(who(to))\(by)", info)
            case "erc1155":
                guard let idNode = fields["id"], let id = tokenId(idNode, "\(kind) id"), let amountNode = fields["amount"],
                    let value = amount(amountNode, decimals: 0, "\(kind) amount")
                else { return nil }
                let data = fields["data"].flatMap { bytes($0, "\(kind) data") } ?? []
                return (.call(call(info, "safeTransferFrom(address,address,uint256,uint256,bytes)", [owner, to, .value(.uint(id)), .value(.uint(value)), .value(.bytes(data))], from: sender)), "transfer \(value) of \(info.name) #\(id) from \(who(owner)) to \(who(to))\(by)", info)
            default:
                guard let amountNode = fields["amount"], let value = amount(amountNode, decimals: info.decimals, "\(kind) amount") else { return nil }
                if isFrom {
                    return (.call(call(info, "transferFrom(address,address,uint256)", [owner, to, .value(.uint(value))], from: sender)), "transfer \(units(value, info)) from \(who(owner)) to \(who(to))\(by)", info)
                }
                return (.call(call(info, "transfer(address,uint256)", [to, .value(.uint(value))], from: sender)), "transfer \(units(value, info)) from \(name(of: sender)) to \(who(to))", info)
            }

        case "batch-transfer":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["from", "to", "amounts"], []) }),
                let senderNode = fields["from"], let sender = sender(senderNode, "batch-transfer from"),
                let toNode = fields["to"], let toItems = reader.sequence(toNode, "batch-transfer to"),
                let amountsNode = fields["amounts"], let amountItems = reader.sequence(amountsNode, "batch-transfer amounts")
            else { return nil }
            let recipients = toItems.compactMap { target($0, "batch-transfer to") }
            let amounts = amountItems.compactMap { amount($0, decimals: info.decimals, "batch-transfer amounts") }.map { StepArgument.value(.uint($0)) }
            return (.call(call(info, "batchTransfer(address[],uint256[])", [.array(recipients), .array(amounts)], from: sender)), "transfer a batch of \(info.name) from \(name(of: sender)) to \(recipients.count) account\(recipients.count == 1 ? "" : "s")", info)

        case "approve":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["erc20", "erc721", "security-token"], { kind in
                kind == "erc721" ? (["from", "spender", "tokenId"], []) : (["from", "spender", "amount"], [])
            }), let senderNode = fields["from"], let sender = sender(senderNode, "approve from"), let spenderNode = fields["spender"],
                let spender = target(spenderNode, "approve spender")
            else { return nil }
            if info.kind == "erc721" {
                guard let idNode = fields["tokenId"], let id = tokenId(idNode, "approve tokenId") else { return nil }
                return (.call(call(info, "approve(address,uint256)", [spender, .value(.uint(id))], from: sender)), "approve \(who(spender)) for \(info.name) #\(id)", info)
            }
            guard let amountNode = fields["amount"], let value = amount(amountNode, decimals: info.decimals, "approve amount") else { return nil }
            return (.call(call(info, "approve(address,uint256)", [spender, .value(.uint(value))], from: sender)), "\(name(of: sender)) approves \(who(spender)) for \(units(value, info))", info)

        case "set-approval-for-all":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["erc721", "erc1155"], { _ in (["from", "operator"], ["approved"]) }),
                let senderNode = fields["from"], let sender = sender(senderNode, "set-approval-for-all from"),
                let operatorNode = fields["operator"], let operatorArgument = target(operatorNode, "set-approval-for-all operator")
            else { return nil }
            let approved = fields["approved"].flatMap { reader.bool($0, "set-approval-for-all approved") } ?? true
            return (.call(call(info, "setApprovalForAll(address,bool)", [operatorArgument, .value(.bool(approved))], from: sender)), "\(name(of: sender)) \(approved ? "approves" : "revokes") \(who(operatorArgument)) as operator of \(info.name)", info)

        case "grant-role", "revoke-role":
            guard let (info, fields) = tokenFields(node, kind, kinds: Self.allTokens, { _ in (["role", "account"], ["from"]) }),
                let roleNode = fields["role"], let role = reader.string(roleNode, "\(kind) role"), let accountNode = fields["account"],
                let account = target(accountNode, "\(kind) account"), let sender = from(fields, kind, info)
            else { return nil }
            let known = Self.roles[info.kind] ?? []
            guard known.contains(role) else {
                reader.error(roleNode, "\(kind): unknown role '\(role)' for \(info.kind)\(Suggest.hint(role, known)) (roles: \(known.joined(separator: ", ")))")
                return nil
            }
            let grant = kind == "grant-role"
            if role == "AGENT_ROLE" {
                if grant, case .value(.address(let address)) = account {
                    return (.addAgent(token: info.name, account: address, from: fields.has("from") ? sender : nil), "add \(name(of: address)) as agent of \(info.name)", info)
                }
                if !grant {
                    return (.call(call(info, "removeAgent(address)", [account], from: sender)), "remove \(who(account)) as agent of \(info.name)", info)
                }
                reader.error(accountNode, "\(kind): an agent must be an account")
                return nil
            }
            let roleId: Hash = role == "DEFAULT_ADMIN_ROLE" ? .zero : Keccak256.hash(Array(role.utf8))
            return (.call(call(info, grant ? "grantRole(bytes32,address)" : "revokeRole(bytes32,address)", [.value(.fixedBytes(roleId.bytes)), account], from: sender)), "\(grant ? "grant" : "revoke") \(role) \(grant ? "to" : "from") \(who(account)) on \(info.name)", info)

        case "pause", "unpause":
            if case .scalar = node {
                // `pause: ACME`
                guard let info = token(node, "\(kind) token", kinds: Self.allTokens) else { return nil }
                let sender = deployers[info.name] ?? ChainConfig.defaultDeployer
                return (.call(call(info, "\(kind)()", [], from: sender)), "\(kind) \(info.name)", info)
            }
            guard let (info, fields) = tokenFields(node, kind, kinds: Self.allTokens, { _ in ([], ["from"]) }), let sender = from(fields, kind, info) else {
                return nil
            }
            return (.call(call(info, "\(kind)()", [], from: sender)), "\(kind) \(info.name)", info)

        case "freeze", "unfreeze":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["account"], ["from"]) }),
                let accountNode = fields["account"], let account = target(accountNode, "\(kind) account"), let sender = from(fields, kind, info)
            else { return nil }
            return (.call(call(info, "setAddressFrozen(address,bool)", [account, .value(.bool(kind == "freeze"))], from: sender)), "\(kind) \(who(account)) on \(info.name)", info)

        case "freeze-partial", "unfreeze-partial":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["account", "amount"], ["from"]) }),
                let accountNode = fields["account"], let account = target(accountNode, "\(kind) account"), let amountNode = fields["amount"],
                let value = amount(amountNode, decimals: info.decimals, "\(kind) amount"), let sender = from(fields, kind, info)
            else { return nil }
            let signature = kind == "freeze-partial" ? "freezePartialTokens(address,uint256)" : "unfreezePartialTokens(address,uint256)"
            return (.call(call(info, signature, [account, .value(.uint(value))], from: sender)), "\(kind == "freeze-partial" ? "freeze" : "unfreeze") \(units(value, info)) of \(who(account))", info)

        case "forced-transfer":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["account", "to", "amount"], ["from"]) }),
                let accountNode = fields["account"], let account = target(accountNode, "forced-transfer account"), let toNode = fields["to"],
                let to = target(toNode, "forced-transfer to"), let amountNode = fields["amount"],
                let value = amount(amountNode, decimals: info.decimals, "forced-transfer amount"), let sender = from(fields, kind, info)
            else { return nil }
            return (.call(call(info, "forcedTransfer(address,address,uint256)", [account, to, .value(.uint(value))], from: sender)), "force a transfer of \(units(value, info)) from \(who(account)) to \(who(to))", info)

        case "recover-wallet":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["lost", "new"], ["from"]) }),
                let lostNode = fields["lost"], let lost = accountAddress(lostNode, "recover-wallet lost"), let newNode = fields["new"],
                let new = accountAddress(newNode, "recover-wallet new"), let sender = from(fields, kind, info)
            else { return nil }
            return (.recoverWallet(token: info.name, lost: lost, new: new, from: sender), "recover \(name(of: lost))'s \(info.name) to \(name(of: new))", info)

        case "set-collateral":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["amount", "expiry"], ["from"]) }),
                let amountNode = fields["amount"], let value = amount(amountNode, decimals: info.decimals, "set-collateral amount"),
                let expiryNode = fields["expiry"], let sender = from(fields, kind, info), let text = reader.string(expiryNode, "set-collateral expiry")
            else { return nil }
            let expiry: Expiry
            if text.hasPrefix("+") {
                guard let seconds = Self.duration(String(text.dropFirst())) else {
                    reader.error(expiryNode, "set-collateral expiry: '\(text)' is not a duration (+30d, +12h, …)")
                    return nil
                }
                expiry = .after(seconds)
            } else {
                guard let at = time(expiryNode, "set-collateral expiry") else { return nil }
                expiry = .at(at)
            }
            return (.setCollateral(token: info.name, amount: value, expiry: expiry, from: sender), "set the collateral of \(info.name) to \(units(value, info))", info)

        case "add-module":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["module"], ["from"]) }),
                let moduleNode = fields["module"], let spec = module(moduleNode, "add-module", decimals: info.decimals)
            else { return nil }
            let by = fields["from"].flatMap { self.sender($0, "add-module from") }
            return (.addModule(token: info.name, module: spec, from: by), "add the \(spec.kind) to \(info.name)'s compliance", info)

        case "add-agent":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["account"], ["from"]) }),
                let accountNode = fields["account"], let account = accountAddress(accountNode, "add-agent account")
            else { return nil }
            let by = fields["from"].flatMap { self.sender($0, "add-agent from") }
            return (.addAgent(token: info.name, account: account, from: by), "add \(name(of: account)) as agent of \(info.name)", info)

        case "register-identity":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { _ in (["wallet", "country"], ["claims", "from"]) }),
                let walletNode = fields["wallet"], let wallet = accountAddress(walletNode, "register-identity wallet"),
                let countryNode = fields["country"], let code = country(countryNode, "register-identity country")
            else { return nil }
            var claims: [ClaimSpec] = []
            if let claimsNode = fields["claims"], let entries = reader.mapping(claimsNode, "register-identity claims") {
                for (topicName, keyNode, issuerNode) in entries {
                    guard let (topic, label) = self.topic(keyNode, "register-identity claims"), let issuer = issuerAddress(issuerNode, "register-identity claims \(topicName)")
                    else { continue }
                    claims.append(ClaimSpec(topic: topic, topicName: label, issuer: issuer, data: Array("\(label) verified".utf8)))
                }
            }
            let by = fields["from"].flatMap { self.sender($0, "register-identity from") }
            return (.registerIdentity(token: info.name, wallet: wallet, country: code, claims: claims, from: by), "register \(name(of: wallet)) (country \(Country.alpha2(code) ?? String(code))) with \(info.name)", info)

        case "add-claim", "remove-claim":
            guard let (info, fields) = tokenFields(node, kind, kinds: ["security-token"], { kind in
                kind == "add-claim" ? (["wallet", "topic", "issuer"], ["data"]) : (["wallet", "topic", "issuer"], [])
            }), let walletNode = fields["wallet"], let wallet = accountAddress(walletNode, "\(kind) wallet"), let topicNode = fields["topic"],
                let (topic, label) = self.topic(topicNode, "\(kind) topic"), let issuerNode = fields["issuer"],
                let issuer = issuerAddress(issuerNode, "\(kind) issuer")
            else { return nil }
            if kind == "remove-claim" {
                return (.removeClaim(token: info.name, wallet: wallet, topic: topic, issuer: issuer), "remove \(name(of: wallet))'s claim of topic \(label)", info)
            }
            let data = fields["data"].flatMap { bytes($0, "add-claim data") } ?? Array("\(label) verified".utf8)
            return (.addClaim(token: info.name, wallet: wallet, claim: ClaimSpec(topic: topic, topicName: label, issuer: issuer, data: data)), "add a claim of topic \(label) by \(name(of: issuer)) to \(name(of: wallet))'s identity", info)

        default:
            reader.error(node, "unknown step '\(kind)'")
            return nil
        }
    }

    /// A claim issuer: a derived account, whose key signs the claim.
    func issuerAddress(_ node: YNode, _ what: String) -> Address? {
        guard let text = reader.string(node, what) else { return nil }
        guard let account = accounts.first(where: { $0.name == text }) else {
            reader.error(node, "\(what): unknown account '\(text)'\(Suggest.hint(text, accounts.map(\.name)))\(accountsList)")
            return nil
        }
        guard account.privateKey != nil else {
            reader.error(node, "\(what): \(text) is given by address, so MintSim cannot sign its claims; name a derived account")
            return nil
        }
        return account.address
    }
}
