package dev.weft.transport.loom;

import dev.weft.codec.testkit.EchoAllocationKit;
import java.util.function.Predicate;

/**
 * What the server side of an echo allocates per message on the Loom transport, engine and
 * transport together: the bytes the virtual threads' carriers (and the transport's own platform
 * threads) allocate, as {@code com.sun.management.ThreadMXBean} counts them, while a client on the
 * test thread sends binary messages one at a time and reads each echo back. A virtual thread
 * allocates in its carrier's buffers, so the carriers' counts hold the connection's reader, its
 * writers and the transport's watchers; nothing else runs on them in this test.
 *
 * <p>The goal is 0 bytes per message after warm-up. Weft's own part is there: the handler is lent
 * a view of the read buffer (receive half), and {@code offerBinary} copies it into a frame buffer
 * from the transport's pool, with a recycled shell, written from a reused batch and gathering
 * array (send half). What remains is the virtual threads' own: each message parks the reader in
 * its read and wakes it, which allocates in the JDK (the scheduler's task wrapper, the poller's
 * lambda, now and then a stack chunk), plus the node of the reader's per-turn
 * {@code DeferredWrites} notice (measured over runs: 70-200 B at each of 16 B, 1 KiB, 64 KiB). The
 * bound is 320 B per message at every size, so a copy of the payload fails it at 1 KiB and
 * 64 KiB, and at 16 B it holds the objects made per message to about today's.
 */
class LoomAllocationTest extends EchoAllocationKit {

    @Override
    protected String transportName() {
        return "loom";
    }

    /** A virtual thread allocates in its carrier's buffers; the transport's own threads are named. */
    @Override
    protected Predicate<String> transportThreads() {
        return name -> name.startsWith("ForkJoinPool-") || name.startsWith("weft-loom");
    }

    @Override
    protected double boundPerMessage(int size) {
        return 320;
    }
}
