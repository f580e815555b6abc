package dev.weft.transport.loom;

import dev.weft.codec.testkit.BufferOwnershipKit;

class LoomBufferOwnershipTest extends BufferOwnershipKit {
    @Override
    protected String transportName() {
        return "loom";
    }
}
