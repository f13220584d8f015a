import MintSimChain
import MintSimPrimitives

/// The steps that talk to the scenario's mint API.
extension ScenarioRunner {
    func startMintAPI() throws(StepFailure) {
        guard let plan = scenario.mintAPI else { throw StepFailure(message: "the scenario has no mint-api section") }
        guard chain.blockNumber == 0 else {
            throw StepFailure(message: "the mint API's \(plan.setup) setup needs a new chain, but this one is at block \(chain.blockNumber)")
        }
        let api: any ScenarioMintAPI
        do {
            api = try plan.provider.start(plan.setup, dialect: plan.dialect, on: chain, webhooks: plan.webhooks)
        } catch {
            throw StepFailure(message: "the mint API did not start: \(error.message)")
        }
        // The checker named the setup's contracts from its layout: they must be where it said.
        for (name, info) in scenario.contracts.sorted(by: { $0.key < $1.key }) {
            guard let address = info.address else { continue }
            guard chain.contract(at: address)?.kind != nil else {
                throw StepFailure(message: "the mint API's setup did not deploy \(name) at \(address.checksummed)")
            }
        }
        for (name, suite) in api.suites { suites[name] = suite }
        mintAPI = api
        trace.append("\(plan.setup) setup at block \(chain.blockNumber): \(scenario.contracts.values.filter { $0.address != nil }.count) contracts")
        if let dialect = plan.dialect { trace.append("\(dialect) served at /") }
        for endpoint in plan.webhooks { trace.append("webhooks of \(endpoint.dialect) → \(endpoint.url)") }
    }

    // MARK: - http

    func send(_ step: HTTPStep) throws(StepFailure) {
        guard let api = mintAPI else { throw StepFailure(message: "the mint API is not running (its start failed)") }
        let path = try fill(step.path)
        var query: [(name: String, value: String)] = []
        for (name, value) in step.query { query.append((try fill(name), try fill(value))) }
        let target = path + (query.isEmpty ? "" : "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
        var headers: [(name: String, value: String)] = []
        for (name, value) in step.headers { headers.append((name, try fill(value))) }
        var body: [UInt8] = []
        if let json = step.body {
            body = try fill(json).encoded()
            if !headers.contains(where: { $0.name.lowercased() == "content-type" }) { headers.append(("Content-Type", "application/json")) }
        }
        let response = api.send(ScenarioHTTPRequest(method: step.method, path: path, query: query, headers: headers, body: body))
        trace.append("\(step.method) \(target) → \(response.status)")
        let text = String(decoding: response.body, as: UTF8.self)
        if !text.isEmpty { trace.append("  " + (text.count > 400 ? String(text.prefix(400)) + "…" : text)) }
        let parsed = try? JSON.parse(response.body)
        if let status = step.expectStatus, status != response.status {
            throw StepFailure(message: "expected status \(status), got \(response.status)\(text.isEmpty ? "" : ": \(Self.abridged(text))")")
        }
        for (name, template) in step.expectHeaders {
            let expected = try fill(template)
            let lowered = name.lowercased()
            guard let actual = response.headers.first(where: { $0.name.lowercased() == lowered })?.value else {
                throw StepFailure(message: "expected the header \(name): \(expected), but the response has no \(name)")
            }
            if actual != expected { throw StepFailure(message: "expected the header \(name): \(expected), got \(actual)") }
        }
        if let pattern = step.expectBody {
            guard let parsed else { throw StepFailure(message: "expected a JSON body, got \(text.isEmpty ? "an empty body" : Self.abridged(text))") }
            if let mismatch = Self.mismatch(try fill(pattern), parsed, at: "body") { throw StepFailure(message: mismatch) }
        }
        for (name, path) in step.saves {
            guard let parsed, let value = path.value(in: parsed) else {
                throw StepFailure(message: "save \(name): the response body has nothing at \(path)")
            }
            saved[name] = value
            trace.append("saved \(name) = \(value.text())")
        }
    }

    /// A template with its references filled in: accounts and contracts by address (EIP-55), saved
    /// values by their text (a string's content, any other value as JSON).
    func fill(_ template: Template) throws(StepFailure) -> String {
        var out = ""
        for piece in template.pieces {
            switch piece {
            case .text(let text): out += text
            case .name(let reference):
                let (name, lower) = Template.split(reference)
                let value = try lookUp(name)
                let text: String
                if case .string(let string) = value { text = string } else { text = value.text() }
                out += lower ? text.lowercased() : text
            }
        }
        return out
    }

    /// The value `${name}` stands for.
    func lookUp(_ name: String) throws(StepFailure) -> JSON {
        if let value = saved[name] { return value }
        if let account = scenario.account(name) { return .string(account.address.checksummed) }
        if let address = addresses[name] { return .string(address.checksummed) }
        throw StepFailure(message: "${\(name)} has no value (the step that saves it did not run, or \(name) is not deployed)")
    }

    /// A JSON value whose strings' references are filled in; a string that is exactly one reference
    /// to a saved number, object or array becomes that value.
    func fill(_ value: JSON) throws(StepFailure) -> JSON {
        switch value {
        case .string(let text):
            guard text.contains("$"), case .success(let template) = Template.parse(text) else { return value }
            if let name = template.soleName, Template.split(name).lower == false, let saved = saved[name] { return saved }
            return .string(try fill(template))
        case .array(let items):
            return .array(try items.map { item throws(StepFailure) in try fill(item) })
        case .object(let object):
            var members: [(String, JSON)] = []
            for member in object.members { members.append((member.key, try fill(member.value))) }
            return .object(JSONObject(members))
        default:
            return value
        }
    }

    /// Where `actual` differs from `expected` (objects: expected members only; arrays: same length,
    /// element by element; numbers: the same value however written), or nil.
    static func mismatch(_ expected: JSON, _ actual: JSON, at path: String) -> String? {
        switch (expected, actual) {
        case (.object(let want), .object(let have)):
            for member in want.members {
                guard let value = have[member.key] else {
                    return "\(path).\(member.key): missing (the object has \(have.keys.isEmpty ? "no members" : have.keys.joined(separator: ", ")))"
                }
                if let mismatch = mismatch(member.value, value, at: "\(path).\(member.key)") { return mismatch }
            }
            return nil
        case (.array(let want), .array(let have)):
            guard want.count == have.count else { return "\(path): expected \(want.count) item\(want.count == 1 ? "" : "s"), got \(have.count): \(abridged(actual.text()))" }
            for (index, (item, value)) in zip(want, have).enumerated() {
                if let mismatch = mismatch(item, value, at: "\(path)[\(index)]") { return mismatch }
            }
            return nil
        case (.number(let want), .number(let have)):
            return Self.sameNumber(want, have) ? nil : "\(path): expected \(want), got \(have)"
        default:
            if expected == actual { return nil }
            // Values of different types are named with their type (`a string "100"`, `a number 100`).
            let sameType = expected.typeName == actual.typeName
            func shown(_ value: JSON) -> String { sameType || value == .null ? value.text() : "\(value.typeName) \(value.text())" }
            return "\(path): expected \(shown(expected)), got \(abridged(shown(actual)))"
        }
    }

    /// Whether two JSON numbers are the same value (`100`, `1e2`, `100.0`).
    static func sameNumber(_ a: String, _ b: String) -> Bool {
        guard a != b else { return true }
        guard let x = normalised(a), let y = normalised(b) else { return false }
        return x == y
    }

    /// A number as its sign, digits without leading or trailing zeros, and the exponent of the last
    /// digit; nil when its exponent is beyond ±10¹⁵ (such numbers compare by their text only).
    static func normalised(_ text: String) -> String? {
        var negative = false
        var rest = Substring(text)
        if rest.hasPrefix("-") {
            negative = true
            rest = rest.dropFirst()
        }
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(rest[rest.index(after: e)...].replacingOccurrences(of: "+", with: "")), value.magnitude <= 1_000_000_000_000_000
            else { return nil }
            exponent = value
            rest = rest[..<e]
        }
        var digits = String(rest)
        if let dot = digits.firstIndex(of: ".") {
            exponent -= digits.distance(from: dot, to: digits.endIndex) - 1
            digits.remove(at: dot)
        }
        digits = String(digits.drop { $0 == "0" })
        while digits.hasSuffix("0") {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return "0" }
        return "\(negative ? "-" : "")\(digits)e\(exponent)"
    }

    static func abridged(_ text: String) -> String { text.count > 300 ? String(text.prefix(300)) + "…" : text }

    // MARK: - webhook

    func check(_ check: WebhookCheck) throws(StepFailure) {
        guard let api = mintAPI else { throw StepFailure(message: "the mint API is not running (its start failed)") }
        let deliveries = api.deliveries
        let pattern = try check.body.map { body throws(StepFailure) in try fill(body) }
        var candidates: [ScenarioWebhookDelivery] = []
        for delivery in deliveries {
            if let dialect = check.dialect, delivery.dialect != dialect { continue }
            if let event = check.event, delivery.event != event { continue }
            if let url = check.url, delivery.url != url { continue }
            candidates.append(delivery)
        }
        var mismatches: [String] = []
        var matching: [ScenarioWebhookDelivery] = []
        for delivery in candidates {
            if delivery.state != check.state {
                mismatches.append("\(delivery.id) is \(delivery.state)")
                continue
            }
            if let attempts = check.attempts, delivery.attempts.count != attempts {
                mismatches.append("\(delivery.id) took \(delivery.attempts.count) attempt\(delivery.attempts.count == 1 ? "" : "s")")
                continue
            }
            if let pattern {
                guard let body = try? JSON.parse(delivery.body) else {
                    mismatches.append("\(delivery.id)'s body is not JSON")
                    continue
                }
                if let mismatch = Self.mismatch(pattern, body, at: "body") {
                    mismatches.append("\(delivery.id): \(mismatch)")
                    continue
                }
            }
            matching.append(delivery)
        }
        // Every delivery the receiver got must carry a signature that verifies.
        for delivery in matching where delivery.state != "dropped" && !delivery.signatureVerifies {
            throw StepFailure(message: "\(delivery.id) (\(delivery.event) to \(delivery.url)): the \(delivery.signatureHeader) header does not verify against the endpoint's secret")
        }
        for delivery in matching {
            let answers = delivery.attempts.map { $0.map(String.init) ?? "no answer" }.joined(separator: ", ")
            trace.append("\(delivery.id) \(delivery.event) → \(delivery.url): \(delivery.state)\(answers.isEmpty ? "" : " (\(answers))")")
        }
        let what = [check.event ?? "webhook", check.dialect.map { "of \($0)" }, check.url.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
        if let count = check.count {
            if matching.count != count {
                // The deliveries counted, and those of the kind that were not; all of them only when
                // none is of the kind.
                var parts: [String] = []
                if !matching.isEmpty {
                    parts.append("matching: \(matching.prefix(8).map(\.id).joined(separator: ", "))\(matching.count > 8 ? ", …" : "")")
                }
                parts += mismatches.prefix(5)
                let detail = parts.isEmpty ? Self.seen(deliveries, []) : " (\(parts.joined(separator: "; ")))"
                throw StepFailure(message: "expected \(count) \(check.state) \(what) deliver\(count == 1 ? "y" : "ies"), found \(matching.count)\(detail)")
            }
        } else if matching.isEmpty {
            throw StepFailure(message: "no \(check.state) \(what) delivery matches\(Self.seen(deliveries, mismatches))")
        }
    }

    /// What was delivered, for a failed webhook check.
    static func seen(_ deliveries: [ScenarioWebhookDelivery], _ mismatches: [String]) -> String {
        if deliveries.isEmpty { return " (no webhook has been delivered: is an endpoint registered for the dialect?)" }
        var parts = mismatches.prefix(5).map { $0 }
        if mismatches.isEmpty {
            let listed = deliveries.suffix(8).map { "\($0.id) \($0.event) of \($0.dialect) \($0.state)" }
            parts.append("deliveries: \(listed.joined(separator: "; "))\(deliveries.count > 8 ? " (last 8 of \(deliveries.count))" : "")")
        }
        return " (\(parts.joined(separator: "; ")))"
    }
}
