package dev.weft.transport.nio;

import dev.weft.codec.testkit.ShutdownKit;

/** The transport kit's {@link ShutdownKit}, run on the NIO transport. */
class NioShutdownTest extends ShutdownKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
