package dev.weft.codec.frame;

import java.security.SecureRandom;

/**
 * Where a client's masking keys come from (RFC 6455 §5.3).
 *
 * <p>The RFC asks for a fresh key per frame from a strong source of entropy, so that a script
 * cannot predict the bytes on the wire and use them against proxies (§10.3). {@link #strong()} is
 * such a source. Tests inject a fixed one.
 */
@FunctionalInterface
public interface MaskingKeySource {

    /**
     * Returns the next 4-byte masking key, first key byte most significant.
     *
     * @return the next 4-byte masking key, first key byte most significant
     */
    int nextMaskingKey();

    /**
     * Returns a new source backed by {@link SecureRandom}. It draws entropy in blocks to keep the
     * per-frame cost low. Not thread-safe: one per connection, as each encoder has.
     *
     * @return a new strong key source
     */
    static MaskingKeySource strong() {
        SecureRandom random = new SecureRandom();
        return new MaskingKeySource() {
            private final byte[] block = new byte[256];
            private int next = block.length;

            @Override
            public int nextMaskingKey() {
                if (next == block.length) {
                    random.nextBytes(block);
                    next = 0;
                }
                int key = ((block[next] & 0xFF) << 24) | ((block[next + 1] & 0xFF) << 16)
                        | ((block[next + 2] & 0xFF) << 8) | (block[next + 3] & 0xFF);
                next += 4;
                return key;
            }
        };
    }
}
