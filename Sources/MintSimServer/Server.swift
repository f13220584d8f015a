import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MintSimAPI
import NIOCore

/// The mint API behind a lock: one request at a time reaches the service and its chain, whichever
/// connection it came on, so concurrent requests see each other's effects in a clear order.
public final class SharedAPI: @unchecked Sendable {
    private let lock = NSLock()
    private let api: MintAPI

    /// Where each access's changes are made durable: `begin` before it, `end` after it with the
    /// API, answering an error message when the changes could not be written.
    public struct Persistence {
        public let begin: () -> Void
        public let end: (MintAPI) -> String?

        public init(begin: @escaping () -> Void, end: @escaping (MintAPI) -> String?) {
            self.begin = begin
            self.end = end
        }
    }

    private var persistence: Persistence?
    private var failure: String?

    public init(_ api: MintAPI) { self.api = api }

    /// Makes every later access durable through `persistence` (a state file).
    public func persist(with persistence: Persistence) {
        lock.withLock { self.persistence = persistence }
    }

    /// Why the state could not be written, once that happened: from then on nothing is served.
    public var storeFailure: String? { lock.withLock { failure } }

    /// Runs `body` with the API, alone; with persistence, what it changed is durable when it returns
    /// (check `storeFailure` after a change).
    public func with<T>(_ body: (MintAPI) throws -> T) rethrows -> T {
        try serve(body).result
    }

    /// Runs `body` as `with` does, and answers why its changes are not durable, if they are not
    /// (the state file failed now or before).
    public func serve<T>(_ body: (MintAPI) throws -> T) rethrows -> (result: T, failure: String?) {
        lock.lock()
        defer { lock.unlock() }
        guard let persistence else {
            let result = try body(api)
            api.discardChanges()
            return (result, nil)
        }
        guard failure == nil else { return (try body(api), failure) }
        persistence.begin()
        let result = try body(api)
        if let message = persistence.end(api) { failure = message }
        return (result, failure)
    }
}

/// The HTTP server: each route of the API on a Hummingbird router, and the dialect's own answers to
/// requests no route takes (404, 405), to bodies too large (413) and to failures (500).
public struct MintServer: Sendable {
    public let api: SharedAPI
    /// The mounted routes, as the router has them.
    public let routes: [MountedRoute]
    /// Delivers the webhooks the API's events raise.
    public let deliverer: WebhookDeliverer

    public init(api: MintAPI) {
        let shared = SharedAPI(api)
        self.api = shared
        self.routes = api.routes
        let deliverer = WebhookDeliverer(api: shared)
        self.deliverer = deliverer
        api.webhooks.onQueued = { deliverer.start($0, endpoint: $1) }
    }

    /// A router with every route of the API.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: FallbackMiddleware(api: api))
        for route in routes {
            let method = HTTPRequest.Method(route.spec.method) ?? .get
            let respond = serve(route)
            router.on(RouterPath(route.path), method: method, use: respond)
            // HEAD is GET without the body (the headers, Content-Length included, as GET's).
            if method == .get {
                router.on(RouterPath(route.path), method: .head) { request, context in
                    var response = try await respond(request, context)
                    let length = response.body.contentLength
                    response.body = ResponseBody()
                    if let length { response.headers[.contentLength] = String(length) }
                    return response
                }
            }
        }
        return router
    }

    /// The handler of `route`: the body read (413 past the limit), the path parameters decoded, the
    /// API's answer, or 503 when its effects could not be made durable.
    private func serve(_ route: MountedRoute) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
        let shared = api
        return { request, context in
            var body: [UInt8] = []
            var request = request
            do {
                let buffer = try await request.collectBody(upTo: MintAPI.maxBodySize)
                body = Array(buffer.readableBytesView)
            } catch {
                let response = shared.with {
                    $0.owner(of: route.path).failure(status: 413, message: "the request body exceeds \(MintAPI.maxBodySize) bytes")
                }
                return MintServer.response(response)
            }
            var parameters: [String: String] = [:]
            for name in route.spec.parameterNames {
                // A value that is not valid percent-encoding is taken as it was sent.
                if let raw = context.parameters.get(name) { parameters[name] = raw.removingPercentEncoding ?? raw }
            }
            let apiRequest = MintServer.apiRequest(request, body: body)
            if let failure = shared.storeFailure { return MintServer.unavailable(shared, route.path, failure) }
            let (response, failure) = shared.serve { $0.handle(route, parameters: parameters, request: apiRequest) }
            // An answer whose effects could not be made durable is not given.
            if let failure { return MintServer.unavailable(shared, route.path, failure) }
            return MintServer.response(response)
        }
    }

    /// The router's responder.
    public func responder() -> some HTTPResponder<BasicRequestContext> { router().buildResponder() }

    /// A Hummingbird application serving the API on `host`:`port` (0: any free port); `onRunning`
    /// gets the port it listens on.
    public func application(
        host: String, port: Int, logger: Logger? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var quiet = Logger(label: "mintsim.serve")
        quiet.logLevel = .warning
        return Application(
            responder: responder(), configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "MintSim"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger ?? quiet)
    }

    static func unavailable(_ shared: SharedAPI, _ path: String, _ failure: String) -> Response {
        response(shared.with { $0.owner(of: path).failure(status: 503, message: "the state file cannot be written: \(failure)") })
    }

    static func apiRequest(_ request: Request, body: [UInt8]) -> APIRequest {
        let uri = request.uri
        let query: [(name: String, value: String)] = uri.queryParameters.map { (String($0.key), String($0.value)) }
        return APIRequest(
            method: request.method.rawValue, path: uri.path, query: query,
            headers: request.headers.map { ($0.name.canonicalName, $0.value) }, body: body)
    }

    static func response(_ response: APIResponse) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}

/// Answers in the dialect's shape what the router does not take, and turns any error into the
/// dialect's 500 instead of an empty body.
struct FallbackMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let api: SharedAPI

    func handle(
        _ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let apiRequest = MintServer.apiRequest(request, body: [])
            var answer = api.with { $0.unmatched(apiRequest) }
            if request.method == .head { answer.body = [] }
            return MintServer.response(answer)
        } catch {
            let path = request.uri.path
            return MintServer.response(api.with { $0.owner(of: path).failure(status: 500, message: "\(error)") })
        }
    }
}
