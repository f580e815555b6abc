package dev.weft.transport.loom;

import dev.weft.codec.testkit.KeepaliveKit;

/** The transport kit's {@link KeepaliveKit}, run on the Loom transport. */
class LoomKeepaliveTest extends KeepaliveKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
