package dev.weft.transport.loom;

import dev.weft.codec.testkit.ShutdownKit;

/** The transport kit's {@link ShutdownKit}, run on the Loom transport. */
class LoomShutdownTest extends ShutdownKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
