package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which subjects Weft's figures are divided by. By default a Weft subject is compared with every
 * peer and baseline in its table. Some subjects have a natural counterpart instead, named for a
 * subject everywhere ({@code weft-loom}) or in one suite only ({@code masking/weft}): Weft's Loom
 * transport is a virtual-thread server, so it stands beside Helidon and Weft's own NIO transport;
 * an in-place mask stands beside an in-place XOR loop and a copy, a copying mask beside Netty's
 * (which copies) and a copy; a streaming decode that hands on views stands beside the closest
 * thing Netty does, and a decode into {@code String}s beside Netty making {@code String}s. Fewer,
 * like-for-like columns make tables and chart honest and readable at a glance.
 */
final class Comparisons {

    private Comparisons() {
    }

    /** Counterparts in tables, for subjects that do not take the default. */
    private static final Map<String, List<String>> TABLE = Map.of(
            "weft-loom", List.of("helidon", "weft-nio"),
            "weftVector", List.of("weft", "xorBaseline"),
            "weftValidator", List.of("jdk"),
            "masking/weft", List.of("xorBaseline", "arraycopy"),
            "masking/weftCopying", List.of("netty", "arraycopy"),
            "text decode/weft", List.of("netty"),
            "text decode/weftStreaming", List.of("nettyFrames", "jdk"),
            // Compressed, both transports stand beside Netty NIO, the one peer set up for it.
            "echo deflate/weft-loom", List.of("netty", "weft-nio"),
            "idle deflate/weft-loom", List.of("netty", "weft-nio"));

    /** Counterparts in the chart: one bar per pair that carries a claim. */
    private static final Map<String, List<String>> CHART = Map.of(
            "weft-nio", List.of("netty", "netty-epoll"),
            "weft-loom", List.of("weft-nio"),
            "weftVector", List.of(),
            "weftValidator", List.of(),
            "masking/weft", List.of("xorBaseline"),
            "masking/weftCopying", List.of("netty"),
            "decode/weftStreaming", List.of(),
            "text decode/weft", List.of("netty"),
            "text decode/weftStreaming", List.of());

    /**
     * The subjects a table divides a Weft subject's figures by.
     *
     * @param suite the table's suite
     * @param weft the Weft subject
     * @param subjects every subject in the table, with its role
     * @return the others: the named counterparts in their order, or every peer and baseline in table order
     */
    static List<String> inTable(String suite, String weft, Map<String, Role> subjects) {
        return select(TABLE, suite, weft, subjects);
    }

    /**
     * The subjects the chart compares a Weft subject with.
     *
     * @param suite the suite
     * @param weft the Weft subject
     * @param subjects every subject at the point, with its role
     * @return the others
     */
    static List<String> inChart(String suite, String weft, Map<String, Role> subjects) {
        return select(CHART, suite, weft, subjects);
    }

    private static List<String> select(Map<String, List<String>> named, String suite, String weft, Map<String, Role> subjects) {
        List<String> out = new ArrayList<>();
        List<String> wanted = named.getOrDefault(suite + "/" + weft, named.get(weft));
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
