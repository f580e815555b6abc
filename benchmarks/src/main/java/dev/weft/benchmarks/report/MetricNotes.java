package dev.weft.benchmarks.report;

import java.util.Map;
import java.util.Optional;

/**
 * One line per metric whose name alone does not say how it was measured, printed under its table
 * in the terminal, the Markdown and the JSON, so that two figures of the same quantity measured
 * two ways are not read as one.
 */
public final class MetricNotes {

    private static final Map<String, String> NOTES = Map.of(
            "heap per connection",
            "heap after GC, all N connections open minus the server warmed up by N connections opened and closed, over N",
            "rss per connection",
            "resident set after GC and a trim of free C-heap memory, all N connections open minus the warmed-up server, "
                    + "over N: heap the JVM grew for them included, compiled code and compiler memory not",
            "heap per added connection",
            "heap after GC added by the second half of the connections, over its count: what one more connection costs",
            "rss per added connection",
            "resident set after GC and a trim added by the second half of the connections, over its count: heap the "
                    + "JVM grew for them included, so it moves in G1's steps");

    private MetricNotes() {
    }

    /**
     * Returns what a metric measures, where its name does not say.
     *
     * @param metric such as {@code rss per added connection}
     * @return one line without a full stop, or empty
     */
    public static Optional<String> of(String metric) {
        return Optional.ofNullable(NOTES.get(metric));
    }

}
