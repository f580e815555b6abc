package dev.weft.codec.engine;

import dev.weft.codec.frame.AssemblyBudget;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import java.util.Objects;

/**
 * The settings of one connection's engine, in one immutable record.
 *
 * <p>The queue counts each queued output as its bytes plus {@value #QUEUED_OUTPUT_OVERHEAD}, what
 * the objects that carry it cost on the heap, so that the water marks bound memory whatever the
 * message size: a million queued 1-byte messages cost far more than 1 MB.
 *
 * @param decoder        inbound limits and role
 * @param highWaterMark  queued outbound bytes at which the connection stops being writable; a
 *                       transport then stops reading from the peer until the queue drains
 * @param lowWaterMark   queued outbound bytes at which it becomes writable again
 * @param maxQueuedBytes queued outbound bytes past which a new message is not queued: what happens
 *                       instead is {@code overflow}'s choice; a message is always accepted into an
 *                       empty queue
 * @param overflow       what a send that would pass {@code maxQueuedBytes} does: refuse the send
 *                       (the default) or fail the connection with 1008 or 1013
 * @param assemblyBudget where inbound messages in progress reserve their buffers; a server shares
 *                       one among all its connections, so that their unfinished messages together
 *                       stay within it
 * @param keepalive      when to ping a silent peer, when to give it up, and how long to close
 */
public record ProtocolConfig(DecoderConfig decoder, long highWaterMark, long lowWaterMark, long maxQueuedBytes,
                             QueueOverflow overflow, AssemblyBudget assemblyBudget, Keepalive keepalive) {

    /**
     * What one queued output is counted as beyond its bytes: its future, its buffer array, its
     * buffers' objects and headers. About what a queued 3-byte echo frame was measured to cost.
     */
    public static final int QUEUED_OUTPUT_OVERHEAD = 160;

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
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(assemblyBudget, "assemblyBudget");
        Objects.requireNonNull(keepalive, "keepalive");
        if (lowWaterMark < 0 || lowWaterMark > highWaterMark || highWaterMark > maxQueuedBytes) {
            throw new IllegalArgumentException("need 0 <= lowWaterMark <= highWaterMark <= maxQueuedBytes");
        }
    }

    /**
     * Creates settings that refuse sends past the limit, share no assembly budget and keep the
     * default {@link Keepalive}.
     *
     * @param decoder        inbound limits and role
     * @param highWaterMark  see the record's description
     * @param lowWaterMark   see the record's description
     * @param maxQueuedBytes see the record's description
     */
    public ProtocolConfig(DecoderConfig decoder, long highWaterMark, long lowWaterMark, long maxQueuedBytes) {
        this(decoder, highWaterMark, lowWaterMark, maxQueuedBytes, QueueOverflow.REFUSE_SEND, AssemblyBudget.unlimited(),
                Keepalive.defaults());
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
        return new ProtocolConfig(config, highWaterMark, lowWaterMark, maxQueuedBytes, overflow, assemblyBudget, keepalive);
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
        return new ProtocolConfig(decoder, high, low, max, overflow, assemblyBudget, keepalive);
    }

    /**
     * Returns a copy with another answer to a send past {@link #maxQueuedBytes()}.
     *
     * @param policy refuse the send, or fail the connection with 1008 or 1013
     * @return the new settings
     */
    public ProtocolConfig withOverflow(QueueOverflow policy) {
        return new ProtocolConfig(decoder, highWaterMark, lowWaterMark, maxQueuedBytes, policy, assemblyBudget, keepalive);
    }

    /**
     * Returns a copy that reserves inbound message buffers in {@code budget}.
     *
     * @param budget shared with the other connections it should bound together
     * @return the new settings
     */
    public ProtocolConfig withAssemblyBudget(AssemblyBudget budget) {
        return new ProtocolConfig(decoder, highWaterMark, lowWaterMark, maxQueuedBytes, overflow, budget, keepalive);
    }

    /**
     * Returns a copy with other keepalive and close timing.
     *
     * @param keepalive the ping interval, ping timeout and close timeout
     * @return the new settings
     */
    public ProtocolConfig withKeepalive(Keepalive keepalive) {
        return new ProtocolConfig(decoder, highWaterMark, lowWaterMark, maxQueuedBytes, overflow, assemblyBudget, keepalive);
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
