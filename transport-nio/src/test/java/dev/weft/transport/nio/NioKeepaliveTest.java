package dev.weft.transport.nio;

import dev.weft.codec.testkit.KeepaliveKit;

/** The transport kit's {@link KeepaliveKit}, run on the NIO transport. */
class NioKeepaliveTest extends KeepaliveKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
