package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Measurement;
import dev.weft.benchmarks.report.Measurement.Better;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The idle-connection scale: N WebSocket connections opened to each server (handshake done, then
 * silence), and what holding them costs the server: heap after GC and resident set, each measured
 * before opening, after half of the connections and after all of them ({@link IdleMemory}), and
 * the time opening took. The TCP baseline takes
 * plain connections without a handshake: what a socket costs a JVM at all.
 *
 * <p>Every server gets the same procedure. Before the first measurement, a warm-up opens and closes
 * {@link IdlePlan#warmup()} connections the same way, waits until the server has closed their
 * sockets and until its JIT compiler has been quiet for seconds: the code that accepts and
 * handshakes is then compiled, and the compiler's scratch memory for it (over 30 MB for the
 * largest method, a selector loop with the whole accept path inlined) was spent, before anything
 * is counted, rather than charged to whichever connections were opening when it happened. Each measurement collects
 * garbage, then asks the C library to hand the memory it holds free back to the OS, then reads the
 * resident set: so the resident set counts memory in use, not memory that was freed and kept.
 */
public final class IdleScale {

    /** The suite every idle measurement belongs to. */
    public static final String SUITE = "idle";
    /** Open files a process needs besides its sockets: jars, selectors, pipes, the JVM's own. */
    static final int SPARE_FILES = 512;
    /** How long the connections stay idle before they are counted, so a server that drops them is caught. */
    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(3);
    /** The resident set holds still when it moves by no more than this between two reads. */
    private static final long RSS_STILL = 64 * 1024;
    private static final Duration RSS_SETTLE_STEP = Duration.ofMillis(250);
    private static final Duration RSS_SETTLE_LIMIT = Duration.ofSeconds(5);
    /** How long a server may take to close the warm-up's sockets once their peers closed them. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Descriptors a server may open beside its sockets between the start and the baseline, such as
     * pollers or files opened lazily, so that waiting for the warm-up's sockets to close ends.
     */
    static final int SPARE_DESCRIPTORS = 32;

    private IdleScale() {
    }

    /**
     * Runs the plan.
     *
     * @param plan     what to measure
     * @param progress told what is running, a line at a time, including the file and port limits
     * @return per server, in plan order: {@code heap per connection} and {@code rss per connection}
     *         (B, averages over N), {@code heap per added connection} and
     *         {@code rss per added connection} (B, the second half's cost, see {@link IdleMemory})
     *         and {@code open time} (s, both halves), medians over rounds, suite {@value #SUITE},
     *         point such as {@code 10,000 connections}; the RSS figures are left out where
     *         {@code /proc} does not tell
     * @throws LoadFailure if the limits cannot carry the connections asked for, a server does not
     *                     start, or a connection fails or closes
     */
    public static List<Measurement> run(IdlePlan plan, Consumer<String> progress) {
        return run(plan, Compression.NONE, SUITE, plan.pointLabel(), progress);
    }

    /** The suite of idle connections that negotiated permessage-deflate. */
    public static final String DEFLATE_SUITE = "idle deflate";
    /** The bytes of the one message each compressed connection exchanges before it idles. */
    static final int DEFLATE_MESSAGE = 1024;

    /**
     * Runs the plan with permessage-deflate as {@code compression} says: each connection, once
     * open, sends one compressed {@value #DEFLATE_MESSAGE}-byte JSON-like message and reads its
     * compressed echo, so the server's zlib state exists where it would (held with context
     * takeover, back in the pool without), then idles. Suite {@value #DEFLATE_SUITE}, point such
     * as {@code 10,000 connections, no context takeover}; {@link Compression#NONE} measures the
     * same servers uncompressed under that suite, each connection exchanging one message of the
     * same size uncompressed, so that the ratio of the two is what compression costs.
     *
     * @param plan        what to measure; its servers must speak permessage-deflate
     * @param compression how to negotiate
     * @param progress    told what is running
     * @return as {@link #run(IdlePlan, Consumer)}
     */
    public static List<Measurement> run(IdlePlan plan, Compression compression, Consumer<String> progress) {
        return run(plan, compression, DEFLATE_SUITE, plan.pointLabel() + ", " + compression.describe(), progress);
    }

    private static List<Measurement> run(IdlePlan plan, Compression compression, String suite, String point, Consumer<String> progress) {
        progress.accept(checkLimits(plan.connections(), plan.warmup()));
        Map<Subject, List<List<Figure>>> rounds = new LinkedHashMap<>();
        for (int round = 1; round <= plan.rounds(); round++) {
            for (Subject subject : plan.servers()) {
                String where = "idle round " + round + "/" + plan.rounds() + " · " + subject.label()
                        + (suite.equals(SUITE) ? "" : " · " + compression.describe());
                progress.accept(where + ": starting the server");
                try (ServerProcess server = EchoLoadHarness.start(subject, compression, plan.jvm(), List.of())) {
                    progress.accept(where + ": opening " + plan.pointLabel());
                    List<Figure> figures = measure(server, plan, compression, !suite.equals(SUITE),
                            note -> progress.accept(where + ": " + note));
                    progress.accept(where + ": " + summary(figures));
                    rounds.computeIfAbsent(subject, s -> new ArrayList<>()).add(figures);
                } catch (IOException e) {
                    throw new LoadFailure(subject.label() + " server did not answer: " + e.getMessage(), e);
                }
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (Subject subject : plan.servers()) {
            for (Figure f : Medians.of(rounds.get(subject))) {
                measurements.add(f.measurement(suite, point, subject));
            }
        }
        return measurements;
    }

    /**
     * Says whether this machine lets each side hold {@code connections} sockets.
     *
     * @return a line naming the limits, for the progress
     * @throws LoadFailure in one line, if the open-file limit or the ephemeral ports fall short
     */
    static String checkLimits(int connections) {
        return checkLimits(connections, 0);
    }

    /**
     * Says whether this machine lets each side hold {@code connections} sockets, and the generator
     * open {@code warmup} more to the same server before them (their ports are not free again
     * until TIME_WAIT ends).
     *
     * @return a line naming the limits, for the progress
     * @throws LoadFailure in one line, if the open-file limit or the ephemeral ports fall short
     */
    static String checkLimits(int connections, int warmup) {
        OptionalLong files = ProcFs.openFileLimit();
        OptionalLong ports = ProcFs.ephemeralPorts();
        long needed = (long) connections + SPARE_FILES;
        long local = (long) connections + warmup;
        if (files.isPresent() && needed > files.getAsLong()) {
            throw new LoadFailure(String.format(Locale.ROOT, "%,d connections need about %,d open files in the generator and in "
                    + "the server, but the limit is %,d (ulimit -n); raise it or ask for at most %,d connections",
                    connections, needed, files.getAsLong(), files.getAsLong() - SPARE_FILES));
        }
        if (ports.isPresent() && local > ports.getAsLong()) {
            throw new LoadFailure(String.format(Locale.ROOT, "%,d connections and a warm-up of %,d to one server need as many "
                    + "local ports, but net.ipv4.ip_local_port_range has %,d; ask for fewer or a smaller --warmup",
                    connections, warmup, ports.getAsLong()));
        }
        return String.format(Locale.ROOT, "limits: %s open files per process (each side holds %,d sockets + about %d), %s ephemeral ports",
                files.isPresent() ? String.format(Locale.ROOT, "%,d", files.getAsLong()) : "unknown", connections, SPARE_FILES,
                ports.isPresent() ? String.format(Locale.ROOT, "%,d", ports.getAsLong()) : "unknown");
    }

    /**
     * Warms the server up, then opens the connections in two halves and measures the server
     * before, between and after ({@link IdleMemory}); with {@code exchangeOne}, each connection
     * (the warm-up's too) first sends one
     * {@value #DEFLATE_MESSAGE}-byte text message (compressed when {@code compression} is on) and
     * reads its echo, so compressed and uncompressed connections differ by compression alone.
     */
    private static List<Figure> measure(ServerProcess server, IdlePlan plan, Compression compression, boolean exchangeOne,
            Consumer<String> progress) throws IOException {
        EchoTarget target = server.target();
        DeflateTraffic traffic = compression.on() ? DeflateTraffic.of(compression, DEFLATE_MESSAGE) : null;
        MessageFrame frame = exchangeOne ? MessageFrame.of(DEFLATE_MESSAGE, true) : MessageFrame.of(0, false);
        // The first trim sets up the JVM's management beans, which loads classes and frees much of
        // what that took only later: paid here, before the warm-up, it stays out of every figure.
        server.trimNativeHeap();
        if (plan.warmup() > 0) {
            long settled = warmUp(server, plan, frame, traffic, exchangeOne);
            progress.accept(String.format(Locale.ROOT, "warmed up with %,d connections, opened and closed; the JIT was quiet after %.1f s",
                    plan.warmup(), settled / 1e3));
        }
        IdleMemory.Sample before = sample(server);
        int n = plan.connections();
        int first = IdleMemory.firstHalf(n);
        try (LoadGenerator generator = new LoadGenerator(target, frame, 0, plan.clientThreads(), traffic)) {
            long opening = openHalf(generator, first, plan, exchangeOne);
            IdleMemory.Sample middle = sample(server);
            opening += openHalf(generator, n - first, plan, exchangeOne);
            IdleMemory.Sample after = sample(server);
            generator.hold(SETTLE);
            if (generator.openConnections() != n) {
                throw new LoadFailure(target.name() + ": " + generator.openConnections() + " of " + n + " connections open");
            }
            progress.accept("heap after GC before, after half and after all: " + megabytes(before.heap(), middle.heap(), after.heap())
                    + (after.rss().isPresent() ? "; rss: " + megabytes(before.rss().orElse(0), middle.rss().orElse(0), after.rss().getAsLong())
                            : ""));
            List<Figure> figures = new ArrayList<>(new IdleMemory(before, middle, after, n).figures());
            figures.add(new Figure("open time", "s", opening / 1e9, Better.LOWER));
            return figures;
        }
    }

    /**
     * Opens and closes the plan's warm-up connections, each as a measured one will be, then waits
     * until the server holds no more descriptors than before them (give or take
     * {@link #SPARE_DESCRIPTORS}) and until its JIT compiler has gone quiet.
     *
     * @return the milliseconds the server waited for its compiler, -1 where it cannot tell
     * @throws LoadFailure if the server keeps the warm-up's sockets open
     */
    private static long warmUp(ServerProcess server, IdlePlan plan, MessageFrame frame, DeflateTraffic traffic, boolean exchangeOne)
            throws IOException {
        OptionalLong files = server.openFiles();
        try (LoadGenerator generator = new LoadGenerator(server.target(), frame, 0, plan.clientThreads(), traffic)) {
            openHalf(generator, plan.warmup(), plan, exchangeOne);
        }
        if (files.isPresent()) {
            long limit = files.getAsLong() + SPARE_DESCRIPTORS;
            long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
            OptionalLong now = server.openFiles();
            while (now.isPresent() && now.getAsLong() > limit) {
                if (System.nanoTime() > deadline) {
                    throw new LoadFailure(String.format(Locale.ROOT, "%s still holds %,d descriptors %d s after the warm-up's "
                            + "connections closed (%,d before them)", server.target().name(), now.getAsLong(),
                            RELEASE_TIMEOUT.toSeconds(), files.getAsLong()));
                }
                sleep(Duration.ofMillis(50));
                now = server.openFiles();
            }
        }
        return server.settle();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted while waiting for the server", e);
        }
    }

    /**
     * Opens {@code count} more connections, lets each of them alone exchange its one message when
     * asked, and lets them settle.
     *
     * @return the nanoseconds the opening took
     */
    private static long openHalf(LoadGenerator generator, int count, IdlePlan plan, boolean exchangeOne) {
        long start = System.nanoTime();
        generator.open(count, plan.concurrency(), OPEN_TIMEOUT);
        long took = System.nanoTime() - start;
        if (exchangeOne) {
            generator.sendOnce();
            generator.drain(OPEN_TIMEOUT);
        }
        generator.hold(SETTLE);
        return took;
    }

    /**
     * Collects garbage, hands the C library's free memory back, then reads heap and resident set,
     * the latter once it holds still: G1 gives the regions a collection freed back to the OS in the
     * background, after the collection has returned.
     */
    private static IdleMemory.Sample sample(ServerProcess server) throws IOException {
        long heap = server.heapAfterGc();
        server.trimNativeHeap();
        OptionalLong rss = server.residentBytes();
        long deadline = System.nanoTime() + RSS_SETTLE_LIMIT.toNanos();
        while (rss.isPresent() && System.nanoTime() < deadline) {
            sleep(RSS_SETTLE_STEP);
            OptionalLong now = server.residentBytes();
            boolean still = now.isPresent() && Math.abs(now.getAsLong() - rss.getAsLong()) <= RSS_STILL;
            rss = now;
            if (still) {
                break;
            }
        }
        return new IdleMemory.Sample(heap, rss);
    }

    private static String megabytes(long... bytes) {
        StringBuilder s = new StringBuilder();
        for (long b : bytes) {
            s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", b / 1e6));
        }
        return s.append(" MB").toString();
    }

    private static String summary(List<Figure> figures) {
        StringBuilder s = new StringBuilder();
        for (Figure f : figures) {
            s.append(s.isEmpty() ? "" : ", ").append(f.metric()).append(' ').append(ResultTable.format(f.value())).append(' ').append(f.unit());
        }
        return s.toString();
    }
}
