package dev.weft.transport.nio;

import dev.weft.codec.testkit.BufferOwnershipKit;

class NioBufferOwnershipTest extends BufferOwnershipKit {
    @Override
    protected String transportName() {
        return "nio";
    }
}
