package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Measurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The report's permessage-deflate stage (RFC 7692): the echo load compressed, and idle compressed
 * connections, Weft on both transports beside Netty NIO with the same compression parameters
 * ({@link Compression}).
 *
 * <ul>
 *   <li>Echo, context takeover both ways: 64 connections × 16 B × 16, 64 × 1 KiB × 16 and
 *       8 × 64 KiB × 4 of JSON-like text (suite {@value EchoLoadHarness#DEFLATE_SUITE}), with the
 *       servers' compression ratio.</li>
 *   <li>Idle: 10,000 connections that each exchanged one compressed message, with context
 *       takeover and without, and the Weft servers uncompressed in the same stage for the ratio
 *       {@value #RSS_VERSUS_UNCOMPRESSED} (suite {@value IdleScale#DEFLATE_SUITE}).</li>
 * </ul>
 */
public final class DeflateLoad {

    /** The metric of an idle compressed connection's RSS over an uncompressed one's, same server. */
    public static final String RSS_VERSUS_UNCOMPRESSED = "rss per connection ÷ uncompressed";

    private static final List<Subject> SERVERS = List.of(Subject.WEFT_NIO, Subject.WEFT_LOOM, Subject.NETTY);
    private static final List<Subject> WEFT = List.of(Subject.WEFT_NIO, Subject.WEFT_LOOM);
    private static final int KIB = 1024;

    private DeflateLoad() {
    }

    /**
     * The echo points: the per-message cost at 16 B and 1 KiB, and 64 KiB.
     *
     * @return {@code 64x16x16, 64x1KiBx16, 8x64KiBx4}
     */
    public static List<EchoPoint> points() {
        return List.of(new EchoPoint(64, 16, 16), new EchoPoint(64, KIB, 16), new EchoPoint(8, 64 * KIB, 4));
    }

    /**
     * Runs the stage.
     *
     * @param quick    2 s windows after 4 s of warm-up, 2 rounds, idle once; else 10 s after 5 s,
     *                 5 rounds, idle three times
     * @param pin      whether to pin the echo server and the generator to different cores
     * @param progress progress lines
     * @return the figures of both suites
     */
    public static List<Measurement> run(boolean quick, boolean pin, Consumer<String> progress) {
        List<Measurement> out = new ArrayList<>();
        EchoPlan echo = EchoPlan.defaults().withServers(SERVERS).withPoints(points()).withText(true).withPin(pin);
        echo = quick ? echo.withTiming(Duration.ofSeconds(4), Duration.ofSeconds(2), 2)
                : echo.withTiming(Duration.ofSeconds(5), Duration.ofSeconds(10), 5);
        out.addAll(EchoLoadHarness.run(echo, Compression.CONTEXT_TAKEOVER, progress));
        IdlePlan idle = IdlePlan.defaults().withRounds(quick ? 1 : 3);
        List<Measurement> idleFigures = new ArrayList<>();
        idleFigures.addAll(IdleScale.run(idle.withServers(SERVERS), Compression.NO_CONTEXT_TAKEOVER, progress));
        idleFigures.addAll(IdleScale.run(idle.withServers(SERVERS), Compression.CONTEXT_TAKEOVER, progress));
        idleFigures.addAll(IdleScale.run(idle.withServers(WEFT), Compression.NONE, progress));
        out.addAll(idleFigures);
        out.addAll(versusUncompressed(idleFigures, idle.pointLabel()));
        return out;
    }

    /**
     * Each compressed idle point's RSS per connection over the same server's uncompressed one.
     *
     * @param idle  the idle figures of this stage
     * @param point the plain point label, such as {@code 10,000 connections}
     * @return one figure per server and compressed setting measured both ways
     */
    static List<Measurement> versusUncompressed(List<Measurement> idle, String point) {
        List<Measurement> out = new ArrayList<>();
        String plain = point + ", " + Compression.NONE.describe();
        for (Measurement m : idle) {
            if (!m.metric().equals("rss per connection") || m.point().equals(plain)) {
                continue;
            }
            idle.stream()
                    .filter(u -> u.metric().equals(m.metric()) && u.point().equals(plain) && u.subject().equals(m.subject()) && u.value() > 0)
                    .findFirst()
                    .ifPresent(u -> out.add(new Measurement(m.suite(), m.point(), m.subject(), m.role(), RSS_VERSUS_UNCOMPRESSED, "×",
                            m.value() / u.value(), Measurement.Better.LOWER)));
        }
        return out;
    }

}
