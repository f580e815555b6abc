package dev.weft.transport.loom;

import dev.weft.codec.testkit.EchoKit;

/** The transport kit's {@link EchoKit}, run on the Loom transport. */
class LoomEchoTest extends EchoKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
