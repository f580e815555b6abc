package dev.weft.transport.loom;

import dev.weft.codec.testkit.ForeignSendKit;

/** The transport kit's {@link ForeignSendKit}, run on the Loom transport. */
class LoomForeignSendTest extends ForeignSendKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
