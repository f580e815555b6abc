package dev.weft.transport.loom;

import dev.weft.codec.testkit.DisconnectKit;

/** The transport kit's {@link DisconnectKit}, run on the Loom transport. */
class LoomDisconnectTest extends DisconnectKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
