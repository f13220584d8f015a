import AsyncHTTPClient
import Foundation
import MintSimAPI
import NIOCore
import NIOHTTP1

/// Delivers the API's webhooks: each queued delivery is POSTed to its endpoint, retried with the
/// log's backoff until a 2xx answer or the last attempt, and every attempt is recorded in the log.
public final class WebhookDeliverer: @unchecked Sendable {
    private let api: SharedAPI
    private let client: HTTPClient
    private let lock = NSLock()
    private var active = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(api: SharedAPI, client: HTTPClient = .shared) {
        self.api = api
        self.client = client
    }

    /// Starts delivery `index` (called with the API's lock held: the work runs in a task).
    public func start(_ index: Int) {
        lock.withLock { active += 1 }
        Task { await self.deliver(index) }
    }

    /// Returns once no delivery is in progress (every one delivered, failed or dropped).
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
        defer { finished() }
        // After a restart a delivery goes on from the attempts it already had.
        var attempt = api.with { $0.webhooks.deliveries.indices.contains(index) ? $0.webhooks.deliveries[index].attempts.count + 1 : 1 }
        while true {
            if api.storeFailure != nil { return }
            let plan = api.with { api -> (url: String, body: [UInt8], headers: [(name: String, value: String)], delay: Int)? in
                guard api.webhooks.deliveries.indices.contains(index) else { return nil }
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
