package dev.weft.transport.nio;

import dev.weft.codec.testkit.ConcurrencyKit;

/** The transport kit's {@link ConcurrencyKit}, run on the NIO transport. */
class NioConcurrencyTest extends ConcurrencyKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
