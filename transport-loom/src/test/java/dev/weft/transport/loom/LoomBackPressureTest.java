package dev.weft.transport.loom;

import dev.weft.codec.testkit.BackPressureKit;

/** The transport kit's {@link BackPressureKit}, run on the Loom transport. */
class LoomBackPressureTest extends BackPressureKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
