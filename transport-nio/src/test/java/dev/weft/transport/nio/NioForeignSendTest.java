package dev.weft.transport.nio;

import dev.weft.codec.testkit.ForeignSendKit;

/** The transport kit's {@link ForeignSendKit}, run on the NIO transport. */
class NioForeignSendTest extends ForeignSendKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
