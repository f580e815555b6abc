package dev.weft.transport.nio;

import dev.weft.codec.testkit.ConnectKit;

/** The transport kit's {@link ConnectKit}, run on the NIO transport. */
class NioConnectTest extends ConnectKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
