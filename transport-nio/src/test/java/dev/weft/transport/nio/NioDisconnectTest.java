package dev.weft.transport.nio;

import dev.weft.codec.testkit.DisconnectKit;

/** The transport kit's {@link DisconnectKit}, run on the NIO transport. */
class NioDisconnectTest extends DisconnectKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
