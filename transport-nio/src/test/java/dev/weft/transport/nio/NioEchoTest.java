package dev.weft.transport.nio;

import dev.weft.codec.testkit.EchoKit;

/** The transport kit's {@link EchoKit}, run on the NIO transport. */
class NioEchoTest extends EchoKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
