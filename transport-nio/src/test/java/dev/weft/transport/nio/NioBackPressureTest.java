package dev.weft.transport.nio;

import dev.weft.codec.testkit.BackPressureKit;

/** The transport kit's {@link BackPressureKit}, run on the NIO transport. */
class NioBackPressureTest extends BackPressureKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
