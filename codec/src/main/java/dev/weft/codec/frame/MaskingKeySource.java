package dev.weft.codec.frame;

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
     * Returns a new strong source: keys from a cryptographic generator seeded, and regularly
     * reseeded, from {@link java.security.SecureRandom} (AES in counter mode, as {@code CounterModeKeySource}
     * explains). A key costs a few nanoseconds, and no allocation between reseeds, so a fresh key
     * per frame is cheap. Not thread-safe: one per connection, as each encoder has.
     *
     * @return a new strong key source
     */
    static MaskingKeySource strong() {
        return new CounterModeKeySource();
    }
}
