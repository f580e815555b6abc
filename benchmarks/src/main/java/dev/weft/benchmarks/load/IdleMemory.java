package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Measurement.Better;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A server's memory at three moments of the idle scale: before any connection, after the first
 * half of N, and after all N. The average over N charges the connections with every one-time cost
 * paid while they opened (the JIT compiler's memory that glibc keeps, heap regions grown, stacks
 * of code still interpreted on a cold server); the cost of the second half, over its own count,
 * leaves out most of those, since they were paid during the first half. Both are reported.
 *
 * @param before      heap after GC and RSS on the fresh server
 * @param middle      the same after the first {@code connections / 2} connections
 * @param after       the same after all of them
 * @param connections N, the connections open at the end
 */
record IdleMemory(Sample before, Sample middle, Sample after, int connections) {

    /** The average over all N of heap after GC (B): {@code (after - before) / N}. */
    static final String HEAP_PER_CONNECTION = "heap per connection";
    /** The average over all N of the resident set (B): {@code (after - before) / N}. */
    static final String RSS_PER_CONNECTION = "rss per connection";
    /** Heap after GC added by the second half (B): {@code (after - middle) / (N - N/2)}. */
    static final String HEAP_PER_ADDED_CONNECTION = "heap per added connection";
    /** Resident set added by the second half (B): {@code (after - middle) / (N - N/2)}. */
    static final String RSS_PER_ADDED_CONNECTION = "rss per added connection";

    /**
     * One moment's memory.
     *
     * @param heap bytes of heap in use after a collection
     * @param rss  the resident set, where {@code /proc} tells it
     */
    record Sample(long heap, OptionalLong rss) {
    }

    /**
     * Checks the count.
     *
     * @throws IllegalArgumentException if there is no connection
     */
    IdleMemory {
        if (connections < 1) {
            throw new IllegalArgumentException("need at least 1 connection");
        }
    }

    /**
     * Returns how many connections the first half opens.
     *
     * @param connections N
     * @return {@code N / 2}, so that the second half, which is measured, is never empty
     */
    static int firstHalf(int connections) {
        return connections / 2;
    }

    /**
     * Returns the figures: the averages over N, then the cost per connection of the second half;
     * each RSS figure is left out unless all the samples it needs have RSS.
     *
     * @return heap and rss per connection, heap and rss per added connection, in that order
     */
    List<Figure> figures() {
        int added = connections - firstHalf(connections);
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(HEAP_PER_CONNECTION, "B", (double) (after.heap() - before.heap()) / connections, Better.LOWER));
        if (before.rss().isPresent() && after.rss().isPresent()) {
            figures.add(new Figure(RSS_PER_CONNECTION, "B",
                    (double) (after.rss().getAsLong() - before.rss().getAsLong()) / connections, Better.LOWER));
        }
        figures.add(new Figure(HEAP_PER_ADDED_CONNECTION, "B", (double) (after.heap() - middle.heap()) / added, Better.LOWER));
        if (middle.rss().isPresent() && after.rss().isPresent()) {
            figures.add(new Figure(RSS_PER_ADDED_CONNECTION, "B",
                    (double) (after.rss().getAsLong() - middle.rss().getAsLong()) / added, Better.LOWER));
        }
        return figures;
    }
}
