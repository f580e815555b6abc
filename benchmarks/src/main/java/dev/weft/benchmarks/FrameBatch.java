package dev.weft.benchmarks;

/**
 * A fixed batch of identical frames that a decode benchmark reads on every invocation, as one
 * read from a socket would deliver them.
 *
 * <p>Weft unmasks payloads in place, so after one decode the batch no longer holds masked bytes.
 * {@link #restore()} copies them back from a pristine array before each decode. To keep the
 * comparison fair every subject pays for the same copy, Netty included, even though Netty copies
 * each payload out before unmasking it and would not need it; unmasked batches are never changed
 * and no subject copies them.
 */
final class FrameBatch {

    /** Frames per batch: each decode invocation reads this many, and counts as this many operations. */
    static final int FRAMES = 16;

    private final byte[] pristine;
    private final byte[] bytes;
    private final boolean masked;

    /**
     * Builds a batch of {@link #FRAMES} final frames.
     *
     * @param opcode  {@link WireFrames#TEXT} or {@link WireFrames#BINARY}
     * @param payload each frame's payload
     * @param masked  whether the frames are masked, as a client sends them
     */
    FrameBatch(int opcode, byte[] payload, boolean masked) {
        this.pristine = WireFrames.repeat(WireFrames.frame(opcode, payload, masked), FRAMES);
        this.bytes = pristine.clone();
        this.masked = masked;
    }

    /**
     * Returns the array the decoders read; {@link #restore()} resets it.
     *
     * @return the array the decoders read, owned by the batch
     */
    byte[] bytes() {
        return bytes;
    }

    /** Puts the masked bytes back after a decoder has unmasked them in place; nothing to do for unmasked frames. */
    void restore() {
        if (masked) {
            System.arraycopy(pristine, 0, bytes, 0, bytes.length);
        }
    }
}
