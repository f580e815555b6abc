package dev.weft.codec.engine;

import java.nio.ByteBuffer;

/** Copies of lent bytes, for the events and sends that must outlive the loan. */
final class Buffers {
    private Buffers() {
    }

    /**
     * Copies {@code b}'s remaining bytes into a new heap buffer, leaving {@code b}'s position as it
     * was.
     */
    static ByteBuffer copyOf(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }
}
