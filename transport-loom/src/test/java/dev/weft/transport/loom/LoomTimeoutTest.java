package dev.weft.transport.loom;

import dev.weft.codec.testkit.TimeoutKit;

/** The transport kit's {@link TimeoutKit}, run on the Loom transport. */
class LoomTimeoutTest extends TimeoutKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
