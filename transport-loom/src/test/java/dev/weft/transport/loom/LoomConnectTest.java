package dev.weft.transport.loom;

import dev.weft.codec.testkit.ConnectKit;

/** The transport kit's {@link ConnectKit}, run on the Loom transport. */
class LoomConnectTest extends ConnectKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
