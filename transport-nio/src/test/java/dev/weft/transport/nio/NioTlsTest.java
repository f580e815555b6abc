package dev.weft.transport.nio;

import dev.weft.codec.testkit.TlsKit;

/** The transport kit's {@link TlsKit}, run on the NIO transport. */
class NioTlsTest extends TlsKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
