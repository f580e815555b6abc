package dev.weft.transport.nio;

import dev.weft.codec.testkit.TimeoutKit;

/** The transport kit's {@link TimeoutKit}, run on the NIO transport. */
class NioTimeoutTest extends TimeoutKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
