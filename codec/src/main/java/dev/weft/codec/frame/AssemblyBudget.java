package dev.weft.codec.frame;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that messages in progress may hold, summed over every connection that shares this
 * budget: the bound that keeps any number of peers, each leaving a large message unfinished, from
 * exhausting the heap.
 *
 * <p>A {@link MessageAssembler} reserves its buffer here before allocating it and gives the bytes
 * back when it drops the buffer (after the message, or when its connection ends). A reservation
 * that would pass the limit is refused, and the assembler fails its connection with
 * {@link CloseCode#TRY_AGAIN_LATER}: the message itself may be legal, but this server cannot hold
 * it now. A server gives one budget to all its connections; {@link #unlimited()} is for a lone
 * client.
 *
 * <p>Between messages the buffers rest in the budget's {@code SpareBuffers}, a few megabytes at
 * most, which are not counted here: what is counted is what connections hold.
 *
 * <p>Thread-safe: connections on different threads reserve from one budget.
 */
public final class AssemblyBudget {

    private static final AssemblyBudget UNLIMITED = new AssemblyBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong held = new AtomicLong();
    /** Assembly buffers between messages, for the connections that share this budget. */
    private final SpareBuffers spares = new SpareBuffers();

    private AssemblyBudget(long limit) {
        this.limit = limit;
    }

    /**
     * Returns a budget of {@code bytes}.
     *
     * @param bytes the most that unfinished messages may hold together
     * @return a new budget with nothing reserved
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static AssemblyBudget of(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("budget must not be negative: " + bytes);
        }
        return new AssemblyBudget(bytes);
    }

    /**
     * Returns a budget of a fraction of the heap the JVM may grow to ({@link Runtime#maxMemory()}).
     *
     * @param fraction between 0 and 1
     * @return a new budget with nothing reserved
     * @throws IllegalArgumentException if {@code fraction} is outside 0–1
     */
    public static AssemblyBudget ofHeap(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be 0-1: " + fraction);
        }
        return new AssemblyBudget((long) (Runtime.getRuntime().maxMemory() * fraction));
    }

    /**
     * Returns the budget that never refuses, shared by everyone who uses it: for a client, or for
     * an engine whose message limit alone bounds its memory.
     *
     * @return the unlimited budget
     */
    public static AssemblyBudget unlimited() {
        return UNLIMITED;
    }

    /**
     * Reserves {@code bytes}, if that keeps the total within the limit.
     *
     * @param bytes how much more to hold; not negative
     * @return whether the bytes are now reserved; if {@code false}, nothing was
     */
    public boolean tryReserve(long bytes) {
        if (this == UNLIMITED) {
            return true;
        }
        while (true) {
            long now = held.get();
            if (bytes > limit - now) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /**
     * Gives back bytes reserved earlier.
     *
     * @param bytes how much was reserved and is no longer held
     */
    public void release(long bytes) {
        if (this != UNLIMITED && bytes != 0) {
            held.addAndGet(-bytes);
        }
    }

    /**
     * Returns the bytes reserved now.
     *
     * @return the total over every connection; 0 for {@link #unlimited()}, which keeps no count
     */
    public long held() {
        return held.get();
    }

    /** The buffers this budget's assemblers take and give back; not counted in {@link #held()}. */
    SpareBuffers spares() {
        return spares;
    }

    /**
     * Returns the limit.
     *
     * @return the most that may be reserved at once
     */
    public long limit() {
        return limit;
    }

    @Override
    public String toString() {
        return this == UNLIMITED ? "AssemblyBudget[unlimited]" : "AssemblyBudget[" + held() + " of " + limit + " bytes held]";
    }
}
