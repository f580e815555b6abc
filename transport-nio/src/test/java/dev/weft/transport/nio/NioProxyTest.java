package dev.weft.transport.nio;

import dev.weft.codec.testkit.ProxyKit;

/** The transport kit's {@link ProxyKit}, run on the NIO transport. */
class NioProxyTest extends ProxyKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
