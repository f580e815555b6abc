package dev.weft.codec.engine;

import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import java.util.Objects;

/**
 * The settings of one connection's engine, in one immutable record.
 *
 * @param decoder        inbound limits and role
 * @param highWaterMark  queued outbound bytes at which the connection stops being writable; a
 *                       transport then stops reading from the peer until the queue drains
 * @param lowWaterMark   queued outbound bytes at which it becomes writable again
 * @param maxQueuedBytes queued outbound bytes past which a new message is refused (its future
 *                       fails) rather than queued; a message is always accepted into an empty queue
 * @param keepalive      when to ping a silent peer, when to give it up, and how long to close
 */
public record ProtocolConfig(DecoderConfig decoder, long highWaterMark, long lowWaterMark, long maxQueuedBytes,
                             Keepalive keepalive) {

    /** The default high-water mark: 1 MiB. */
    public static final long DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
    /** The default low-water mark: 256 KiB. */
    public static final long DEFAULT_LOW_WATER_MARK = 256 * 1024;
    /** The default limit on queued outbound bytes: 64 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException unless 0 ≤ low ≤ high ≤ max
     */
    public ProtocolConfig {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(keepalive, "keepalive");
        if (lowWaterMark < 0 || lowWaterMark > highWaterMark || highWaterMark > maxQueuedBytes) {
            throw new IllegalArgumentException("need 0 <= lowWaterMark <= highWaterMark <= maxQueuedBytes");
        }
    }

    /**
     * Creates settings with the default {@link Keepalive}.
     *
     * @param decoder        inbound limits and role
     * @param highWaterMark  the high-water mark
     * @param lowWaterMark   the low-water mark
     * @param maxQueuedBytes the refusal limit
     */
    public ProtocolConfig(DecoderConfig decoder, long highWaterMark, long lowWaterMark, long maxQueuedBytes) {
        this(decoder, highWaterMark, lowWaterMark, maxQueuedBytes, Keepalive.defaults());
    }

    /**
     * Returns the defaults for a role.
     *
     * @param role which end the engine serves
     * @return the default settings
     */
    public static ProtocolConfig defaults(Role role) {
        return new ProtocolConfig(DecoderConfig.defaults(role), DEFAULT_HIGH_WATER_MARK, DEFAULT_LOW_WATER_MARK,
                DEFAULT_MAX_QUEUED_BYTES);
    }

    /**
     * Returns a copy with other inbound settings.
     *
     * @param config the inbound settings
     * @return the new settings
     */
    public ProtocolConfig withDecoder(DecoderConfig config) {
        return new ProtocolConfig(config, highWaterMark, lowWaterMark, maxQueuedBytes, keepalive);
    }

    /**
     * Returns a copy with other outbound limits.
     *
     * @param high the high-water mark
     * @param low  the low-water mark
     * @param max  the refusal limit
     * @return the new settings
     */
    public ProtocolConfig withOutboundLimits(long high, long low, long max) {
        return new ProtocolConfig(decoder, high, low, max, keepalive);
    }

    /**
     * Returns a copy with other keepalive and close timing.
     *
     * @param keepalive the ping interval, ping timeout and close timeout
     * @return the new settings
     */
    public ProtocolConfig withKeepalive(Keepalive keepalive) {
        return new ProtocolConfig(decoder, highWaterMark, lowWaterMark, maxQueuedBytes, keepalive);
    }

    /**
     * Returns the role of the connection.
     *
     * @return the decoder's role
     */
    public Role role() {
        return decoder.role();
    }
}
