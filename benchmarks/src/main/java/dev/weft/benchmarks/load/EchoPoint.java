package dev.weft.benchmarks.load;

import java.util.List;
import java.util.Locale;

/**
 * One point of the echo load: C connections, each keeping W messages of S bytes in flight.
 *
 * @param connections C, at least 1
 * @param size        S, the payload bytes per message, 0 or more
 * @param inflight    W, at least 1
 */
public record EchoPoint(int connections, int size, int inflight) {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public EchoPoint {
        if (connections < 1 || size < 0 || inflight < 1) {
            throw new IllegalArgumentException("need connections >= 1, size >= 0, inflight >= 1: " + connections + "x" + size + "x" + inflight);
        }
    }

    /**
     * The default points: one connection with one small message (latency), many connections with
     * many small messages (per-message cost), 1 KiB messages, 64 KiB ones (bandwidth), and many
     * active connections with one small message each in flight (what a server pays per connection
     * that is busy, where one connection keeping many in flight would hide it).
     *
     * @return {@code 1x16x1, 64x16x16, 64x1KiBx16, 8x64KiBx4, 1000x16x1, 5000x16x1}
     */
    public static List<EchoPoint> defaults() {
        return List.of(new EchoPoint(1, 16, 1), new EchoPoint(64, 16, 16), new EchoPoint(64, KIB, 16), new EchoPoint(8, 64 * KIB, 4),
                new EchoPoint(1000, 16, 1), new EchoPoint(5000, 16, 1));
    }

    /**
     * Parses {@code CxSxW}, such as {@code 64x16x16} or {@code 8x64KiBx4}.
     *
     * @param text the point; S may end in {@code K}/{@code KiB} or {@code M}/{@code MiB}
     * @return the point
     * @throws IllegalArgumentException if it is not three numbers joined by {@code x}
     */
    public static EchoPoint parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a point is CONNECTIONSxSIZExINFLIGHT, such as 64x16x16 or 8x64KiBx4: '" + text + "'");
        }
        try {
            return new EchoPoint(Integer.parseInt(parts[0].trim()), parseSize(parts[1]), Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a point is CONNECTIONSxSIZExINFLIGHT, such as 64x16x16 or 8x64KiBx4: '" + text + "'");
        }
    }

    /**
     * Parses a byte count such as {@code 16}, {@code 1KiB}, {@code 64k} or {@code 1MiB}.
     *
     * @param text the count
     * @return bytes
     * @throws NumberFormatException if it is not a count
     */
    public static int parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int unit = 1;
        for (String suffix : List.of("kib", "k")) {
            if (t.endsWith(suffix)) {
                unit = KIB;
                t = t.substring(0, t.length() - suffix.length());
                break;
            }
        }
        for (String suffix : List.of("mib", "m")) {
            if (t.endsWith(suffix)) {
                unit = MIB;
                t = t.substring(0, t.length() - suffix.length());
                break;
            }
        }
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Integer.parseInt(t.trim()), unit);
    }

    /**
     * Formats a byte count the way points are labelled.
     *
     * @param bytes the count
     * @return such as {@code 16 B}, {@code 1 KiB} or {@code 64 KiB}
     */
    public static String formatSize(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " B";
    }

    /**
     * Returns the label measurements carry.
     *
     * @return such as {@code 64 conn × 16 B × 16}
     */
    public String label() {
        return connections + " conn × " + formatSize(size) + " × " + inflight;
    }
}
