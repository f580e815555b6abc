package dev.weft.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * JSON-like text, the kind of message permessage-deflate is for: records of an event feed with
 * the same keys in every record and varied values (ids, user names, timestamps, prices, a few
 * words from a small vocabulary). The same bytes on every run (a fixed seed); ASCII, so every
 * slice is valid UTF-8 and may be sent as a text message.
 *
 * <p>Deflate at level 6 brings a long stretch of it to about a quarter of its size; a slice of a
 * few bytes barely shrinks, as real short messages do not.
 */
public final class JsonText {

    private static final String[] EVENTS = {"click", "view", "purchase", "login", "logout", "search", "share", "like"};
    private static final String[] TAGS = {"red", "blue", "sale", "new", "popular", "limited", "gift", "eco"};

    private JsonText() {
    }

    /**
     * Returns exactly {@code size} bytes of JSON-like text, the start of {@link #corpus}.
     *
     * @param size the length in bytes
     * @return the ASCII bytes
     */
    public static byte[] of(int size) {
        return corpus(size);
    }

    /**
     * Returns a stretch of records, cut at exactly {@code size} bytes (the last record may be cut
     * short): slices of it at different offsets make messages that differ as an event feed's do.
     *
     * @param size the length in bytes
     * @return the ASCII bytes
     */
    public static byte[] corpus(int size) {
        Random r = new Random(42);
        StringBuilder b = new StringBuilder(size + 256);
        long ts = 1_733_380_000_000L;
        while (b.length() < size) {
            ts += r.nextInt(5_000);
            b.append("{\"id\":").append(r.nextInt(1_000_000))
                    .append(",\"user\":\"user").append(r.nextInt(10_000))
                    .append("\",\"event\":\"").append(EVENTS[r.nextInt(EVENTS.length)])
                    .append("\",\"ts\":").append(ts)
                    .append(",\"price\":").append(r.nextInt(10_000) / 100.0)
                    .append(",\"active\":").append(r.nextBoolean())
                    .append(",\"tags\":[\"").append(TAGS[r.nextInt(TAGS.length)]).append("\",\"")
                    .append(TAGS[r.nextInt(TAGS.length)]).append("\"]}\n");
        }
        return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
