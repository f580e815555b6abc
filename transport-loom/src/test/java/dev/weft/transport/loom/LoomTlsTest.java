package dev.weft.transport.loom;

import dev.weft.codec.testkit.TlsKit;

/** The transport kit's {@link TlsKit}, run on the Loom transport. */
class LoomTlsTest extends TlsKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
