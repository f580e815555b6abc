package dev.weft.transport.loom;

import dev.weft.codec.testkit.ProxyKit;

/** The transport kit's {@link ProxyKit}, run on the Loom transport. */
class LoomProxyTest extends ProxyKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
