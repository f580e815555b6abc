package dev.weft.transport.loom;

import dev.weft.codec.testkit.ConcurrencyKit;

/** The transport kit's {@link ConcurrencyKit}, run on the Loom transport. */
class LoomConcurrencyTest extends ConcurrencyKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
