import AsyncHTTPClient
import Foundation
import MintSimAPI
import NIOCore
import NIOHTTP1

/// Delivers the API's webhooks: each queued delivery is POSTed to its endpoint, retried with the
/// log's backoff until a 2xx answer or the last attempt, and every attempt is recorded in the log.
/// Each endpoint has one queue: its deliveries are sent one at a time, in the order the events were
/// raised, so a receiver sees `pending` before `succeeded` (a delivery being retried holds back the
/// later ones to its endpoint). Endpoints do not wait for each other.
public final class WebhookDeliverer: @unchecked Sendable {
    private let api: SharedAPI
    private let client: HTTPClient
    private let lock = NSLock()
    private var active = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Deliveries waiting, per endpoint id, and the endpoints whose queue a task is working through.
    private var queues: [String: [Int]] = [:]
    private var draining = Set<String>()

    init(api: SharedAPI, client: HTTPClient = .shared) {
        self.api = api
        self.client = client
    }

    /// Queues delivery `index` to endpoint `endpoint` (called with the API's lock held: the work
    /// runs in a task).
    public func start(_ index: Int, endpoint: String) {
        let first = lock.withLock { () -> Bool in
            active += 1
            queues[endpoint, default: []].append(index)
            return draining.insert(endpoint).inserted
        }
        if first { Task { await self.drain(endpoint) } }
    }

    /// Returns once no delivery is in progress or queued (every one delivered, failed or dropped).
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = lock.withLock { () -> Bool in
                if active == 0 { return true }
                waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Works through one endpoint's queue, oldest first, until it is empty.
    private func drain(_ endpoint: String) async {
        while true {
            let next = lock.withLock { () -> Int? in
                guard var queue = queues[endpoint], !queue.isEmpty else {
                    queues[endpoint] = nil
                    draining.remove(endpoint)
                    return nil
                }
                let index = queue.removeFirst()
                queues[endpoint] = queue
                return index
            }
            guard let next else { return }
            await deliver(next)
            finished()
        }
    }

    private func finished() {
        let ready = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            active -= 1
            guard active == 0 else { return [] }
            defer { waiters = [] }
            return waiters
        }
        for waiter in ready { waiter.resume() }
    }

    private func deliver(_ index: Int) async {
        // After a restart a delivery goes on from the attempts it already had.
        var attempt = api.with { $0.webhooks.deliveries.indices.contains(index) ? $0.webhooks.deliveries[index].attempts.count + 1 : 1 }
        while true {
            if api.storeFailure != nil { return }
            let plan = api.with { api -> (url: String, body: [UInt8], headers: [(name: String, value: String)], delay: Int)? in
                // Each delivery is sent until it is delivered or failed, and never again after.
                guard api.webhooks.deliveries.indices.contains(index), api.webhooks.deliveries[index].state == .pending else { return nil }
                let delivery = api.webhooks.deliveries[index]
                return (delivery.url, delivery.body, delivery.headers, api.webhooks.delay(beforeAttempt: attempt))
            }
            guard let plan else { return }
            if plan.delay > 0 { try? await Task.sleep(nanoseconds: UInt64(plan.delay) * 1_000_000) }
            var request = HTTPClientRequest(url: plan.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "MintSim-Webhooks")
            for header in plan.headers { request.headers.add(name: header.name, value: header.value) }
            request.body = .bytes(ByteBuffer(bytes: plan.body))
            var status: Int?
            var failure: String?
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                status = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 1 << 20)
            } catch {
                failure = "\(error)"
            }
            let again = api.with { $0.webhooks.record(index, status: status, error: failure, delayMs: plan.delay) }
            guard again else { return }
            attempt += 1
        }
    }
}
