package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which subjects Weft's figures are divided by. By default a Weft subject is compared with every
 * peer and baseline in its table. Some subjects have a natural counterpart instead: Weft's Loom
 * transport is a virtual-thread server, so it stands beside Helidon (the virtual-thread peer) and
 * beside Weft's own NIO transport; the benchmarks-only Vector API masking stands beside the codec's
 * own path. Fewer, meaningful columns make tables and chart readable at a glance.
 */
final class Comparisons {

    private Comparisons() {
    }

    /** Counterparts in tables, for subjects that do not take the default. */
    private static final Map<String, List<String>> TABLE = Map.of(
            "weft-loom", List.of("helidon", "weft-nio"),
            "weftVector", List.of("weft", "arraycopy"),
            "weftValidator", List.of("jdk"));

    /** Counterparts in the chart: one bar per pair that carries a claim. */
    private static final Map<String, List<String>> CHART = Map.of(
            "weft-nio", List.of("netty"),
            "weft-loom", List.of("helidon"),
            "weftVector", List.of(),
            "weftValidator", List.of());

    /**
     * The subjects a table divides a Weft subject's figures by.
     *
     * @param weft the Weft subject
     * @param subjects every subject in the table, with its role
     * @return the others: the named counterparts in their order, or every peer and baseline in table order
     */
    static List<String> inTable(String weft, Map<String, Role> subjects) {
        return select(TABLE, weft, subjects);
    }

    /**
     * The subjects the chart compares a Weft subject with.
     *
     * @param weft the Weft subject
     * @param subjects every subject at the point, with its role
     * @return the others
     */
    static List<String> inChart(String weft, Map<String, Role> subjects) {
        return select(CHART, weft, subjects);
    }

    private static List<String> select(Map<String, List<String>> named, String weft, Map<String, Role> subjects) {
        List<String> out = new ArrayList<>();
        List<String> wanted = named.get(weft);
        if (wanted != null) {
            for (String w : wanted) {
                if (subjects.containsKey(w)) {
                    out.add(w);
                }
            }
            return out;
        }
        for (Map.Entry<String, Role> e : subjects.entrySet()) {
            if (e.getValue() == Role.PEER || e.getValue() == Role.BASELINE) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
