package dev.weft.codec.engine;

import java.lang.management.ManagementFactory;

/**
 * Counts what a piece of engine work allocates on the calling thread, for the tests that hold the
 * engine to a number of bytes: the JVM's own per-thread counter, read around rounds of calls.
 */
final class AllocationMeter {

    private AllocationMeter() {
    }

    /**
     * Runs {@code call} {@code warmUp} times, then {@code rounds} rounds of {@code measured} calls,
     * and returns the fewest bytes one round allocated. Linking and compiling allocate now and
     * then, once, so the quietest round is taken; an allocation per call shows in every round.
     *
     * @param call     the work, run on this thread
     * @param warmUp   calls before measuring, so that the work is compiled
     * @param rounds   rounds measured
     * @param measured calls per round
     * @return the fewest bytes allocated by this thread in one round
     */
    static long fewestPerRound(Runnable call, int warmUp, int rounds, int measured) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < measured; i++) {
                call.run();
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }
}
