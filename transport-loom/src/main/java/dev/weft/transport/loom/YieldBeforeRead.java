package dev.weft.transport.loom;

/**
 * Whether a reader that has just emptied its socket and answered should give its carrier to the
 * other connections' readers before it reads again.
 *
 * <p>A read that finds nothing parks the virtual thread: the socket is registered with the JDK's
 * poller, a poller thread wakes when bytes come, and the reader is scheduled again, several
 * system calls and thread wake-ups for one read. Under load the carrier has other readers
 * waiting for it anyway; letting them run first ({@link Thread#yield()}) gives this connection's
 * peer the time to send its next messages, and the read that follows finds them without parking.
 * When nobody else waits, though, a yield only costs (the JDK may even wake an idle carrier to
 * take the yielded thread), so a yield that came straight back turns the next
 * {@link #SKIP_AFTER_IDLE} yields off before it is tried again.
 *
 * <p>The state is an {@code int} the reader keeps in a local variable: the number of yields still
 * to skip.
 */
final class YieldBeforeRead {

    /** A yield that returns sooner than this found no other thread waiting for the carrier. */
    static final long IDLE_CARRIER_NANOS = 10_000;
    /** How many chances to yield a reader lets pass after finding its carrier idle. */
    static final int SKIP_AFTER_IDLE = 64;

    private YieldBeforeRead() {
    }

    /**
     * Yields if the state says to, and returns the next state.
     *
     * @param skip the yields still to skip, as last returned (0 at first)
     * @return the yields to skip from now on
     */
    static int maybeYield(int skip) {
        if (skip > 0) {
            return skip - 1;
        }
        long start = System.nanoTime();
        Thread.yield();
        return System.nanoTime() - start < IDLE_CARRIER_NANOS ? SKIP_AFTER_IDLE : 0;
    }
}
