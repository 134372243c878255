import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the connection's channel, which the
/// drop faults close to end a connection with no response at all.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
