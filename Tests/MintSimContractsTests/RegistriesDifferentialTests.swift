import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// An independent model of both registries: plain arrays, updated by the loops T-REX runs, and the
/// revert each operation gives, from T-REX's check order.
struct ReferenceRegistries {
    var topics: [UInt256] = []
    var issuers: [Address] = []
    var issuerTopics: [Address: [UInt256]] = [:]
    var topicIssuers: [UInt256: [Address]] = [:]

    static func swapRemoveFirst<T: Equatable>(_ list: inout [T], _ value: T) {
        guard let index = list.firstIndex(of: value) else { return }
        list[index] = list[list.count - 1]
        list.removeLast()
    }

    mutating func addTopic(_ topic: UInt256) -> Revert? {
        if topics.count >= 15 { return Revert.error("MaxTopicsReached(uint256)", [.uint(UInt256(15))]) }
        if topics.contains(topic) { return Revert.error("ClaimTopicAlreadyExists()") }
        topics.append(topic)
        return nil
    }

    mutating func removeTopic(_ topic: UInt256) {
        Self.swapRemoveFirst(&topics, topic)
    }

    mutating func unlink(_ issuer: Address) {
        for topic in issuerTopics[issuer] ?? [] { Self.swapRemoveFirst(&topicIssuers[topic, default: []], issuer) }
    }

    mutating func addIssuer(_ issuer: Address, _ topics: [UInt256]) -> Revert? {
        if issuer == .zero { return Revert.error("ZeroAddress()") }
        if issuerTopics[issuer] != nil { return Revert.error("TrustedIssuerAlreadyExists()") }
        if topics.isEmpty { return Revert.error("TrustedClaimTopicsCannotBeEmpty()") }
        if topics.count > 15 { return Revert.error("MaxClaimTopcisReached(uint256)", [.uint(UInt256(15))]) }
        if issuers.count >= 50 { return Revert.error("MaxTrustedIssuersReached(uint256)", [.uint(UInt256(50))]) }
        issuers.append(issuer)
        issuerTopics[issuer] = topics
        for topic in topics { topicIssuers[topic, default: []].append(issuer) }
        return nil
    }

    mutating func removeIssuer(_ issuer: Address) -> Revert? {
        if issuer == .zero { return Revert.error("ZeroAddress()") }
        if issuerTopics[issuer] == nil { return Revert.error("NotATrustedIssuer()") }
        Self.swapRemoveFirst(&issuers, issuer)
        unlink(issuer)
        issuerTopics[issuer] = nil
        return nil
    }

    mutating func updateIssuer(_ issuer: Address, _ topics: [UInt256]) -> Revert? {
        if issuer == .zero { return Revert.error("ZeroAddress()") }
        if issuerTopics[issuer] == nil { return Revert.error("NotATrustedIssuer()") }
        if topics.count > 15 { return Revert.error("MaxClaimTopcisReached(uint256)", [.uint(UInt256(15))]) }
        if topics.isEmpty { return Revert.error("ClaimTopicsCannotBeEmpty()") }
        unlink(issuer)
        issuerTopics[issuer] = topics
        for topic in topics { topicIssuers[topic, default: []].append(issuer) }
        return nil
    }
}

@Suite struct RegistriesDifferentialTests {
    @Test func randomOperationsMatchTheReference() throws {
        let ctr = try Harness(ClaimTopicsRegistry())
        let tir = try Harness(TrustedIssuersRegistry())
        var reference = ReferenceRegistries()
        var random = SplitMix64(state: 0x7E5_0003)
        // 56 issuers so that the 50-issuer limit is reached; address zero now and then.
        let pool = [Address.zero] + (1...56).map(registryAddress)
        let topicRange = 8
        var successes = 0, reverts = 0, maxIssuers = 0, issuerLimitHits = 0

        func element<T>(_ list: [T]) -> T? { list.isEmpty ? nil : list[random.below(list.count)] }

        func randomTopics() -> [UInt256] {
            let count = random.below(10) == 0 ? [0, 16, 17][random.below(3)] : 1 + random.below(random.below(4) == 0 ? 15 : 4)
            return (0..<count).map { _ in UInt256(UInt64(random.below(topicRange))) }
        }

        func check(_ step: Int, issuers checked: [Address]) {
            #expect(
                ctr.first("getClaimTopics()(uint256[])") == .array(reference.topics.map { .uint($0) }), "step \(step)")
            #expect(
                tir.first("getTrustedIssuers()(address[])") == addressList(reference.issuers), "step \(step)")
            for topic in 0..<topicRange {
                let value = UInt256(UInt64(topic))
                #expect(
                    tir.first("getTrustedIssuersForClaimTopic(uint256)(address[])", [u(value)])
                        == addressList(reference.topicIssuers[value] ?? []), "step \(step) topic \(topic)")
            }
            for issuer in checked {
                let topics = reference.issuerTopics[issuer]
                #expect(tir.bool("isTrustedIssuer(address)(bool)", [a(issuer)]) == (topics != nil), "step \(step)")
                #expect(
                    tir.first("getTrustedIssuerClaimTopics(address)(uint256[])", [a(issuer)])
                        == topics.map { .array($0.map { .uint($0) }) }, "step \(step)")
                let topic = UInt256(UInt64(random.below(topicRange)))
                #expect(
                    tir.bool("hasClaimTopic(address,uint256)(bool)", [a(issuer), u(topic)])
                        == (topics?.contains(topic) ?? false), "step \(step)")
            }
        }

        for step in 0..<800 {
            let caller = random.below(25) == 0 ? mallory : deployer
            let unauthorized = Revert.error("OwnableUnauthorizedAccount(address)", [.address(mallory)])
            var snapshot = reference
            let expected: Revert?
            let harness: Harness
            let signature: String
            let arguments: [ABIValue]
            var touched: [Address] = []
            // Removals are rarer in the first 250 steps of every 400, so that the issuer list fills up.
            var operation = random.below(10)
            if step % 400 < 250, operation == 6 || operation == 7, random.below(4) > 0 { operation = 3 }
            switch operation {
            case 0, 1:
                let topic = UInt256(UInt64(random.below(20)))
                harness = ctr
                signature = "addClaimTopic(uint256)"
                arguments = [u(topic)]
                expected = caller == deployer ? snapshot.addTopic(topic) : unauthorized
            case 2:
                let topic = random.below(2) == 0 ? element(snapshot.topics) ?? .zero : UInt256(UInt64(random.below(20)))
                harness = ctr
                signature = "removeClaimTopic(uint256)"
                arguments = [u(topic)]
                if caller == deployer { snapshot.removeTopic(topic) }
                expected = caller == deployer ? nil : unauthorized
            case 3, 4, 5:
                let newcomers = pool.filter { $0 != .zero && snapshot.issuerTopics[$0] == nil }
                let issuer = random.below(3) > 0 ? element(newcomers) ?? .zero : random.pick(pool)
                let topics = randomTopics()
                harness = tir
                signature = "addTrustedIssuer(address,uint256[])"
                arguments = [a(issuer), .array(topics.map { .uint($0) })]
                expected = caller == deployer ? snapshot.addIssuer(issuer, topics) : unauthorized
                touched = [issuer]
            case 6, 7:
                let issuer = random.below(4) == 0 ? random.pick(pool) : element(snapshot.issuers) ?? .zero
                harness = tir
                signature = "removeTrustedIssuer(address)"
                arguments = [a(issuer)]
                expected = caller == deployer ? snapshot.removeIssuer(issuer) : unauthorized
                touched = [issuer]
            default:
                let issuer = random.below(4) == 0 ? random.pick(pool) : element(snapshot.issuers) ?? .zero
                let topics = randomTopics()
                harness = tir
                signature = "updateIssuerClaimTopics(address,uint256[])"
                arguments = [a(issuer), .array(topics.map { .uint($0) })]
                expected = caller == deployer ? snapshot.updateIssuer(issuer, topics) : unauthorized
                touched = [issuer]
            }
            if let expected {
                harness.expectRevert(signature, arguments, from: caller, data: expected.data)
                reverts += 1
                if expected.selector == Revert.error("MaxTrustedIssuersReached(uint256)", [.uint(.zero)]).selector { issuerLimitHits += 1 }
            } else {
                harness.send(signature, arguments, from: caller)
                reference = snapshot
                successes += 1
            }
            maxIssuers = max(maxIssuers, reference.issuers.count)
            check(step, issuers: step % 100 == 99 ? pool : touched + [random.pick(pool), random.pick(pool)])
        }
        #expect(successes > 250 && reverts > 80)
        #expect(maxIssuers == 50 && issuerLimitHits > 0)
    }
}
