package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The targets Weft publishes, from the benchmarks issue, in the order the README lists them. */
public final class Targets {

    private Targets() {
    }

    private static final Predicate<String> SMALL = p -> p.startsWith("16 B") || p.startsWith("125 B") || p.startsWith("1 KiB");
    private static final Predicate<String> LARGE = p -> p.contains("KiB") && !p.startsWith("1 KiB") || p.contains("MiB");
    /**
     * Allocation is judged up to 64 KiB: at 1 MiB a benchmark does few operations per second, and
     * JMH's own allocation (some 30 KB/s) divided among them reads as a few bytes per operation.
     * For the same reason "0 B/op" is read as under 1 B/op; {@code SteadyStateAllocationTest}
     * counts the frame layer's allocation exactly, in the build.
     */
    private static final Predicate<String> UP_TO_64_KIB = p -> !p.contains("MiB");
    private static final Predicate<String> AT_64_KIB = p -> p.startsWith("64 KiB");
    private static final Predicate<String> ECHO_POINTS = p -> p.startsWith("64 conn × 16 B × 16") || p.startsWith("64 conn × 1 KiB × 16");
    private static final Predicate<String> ANY = p -> true;

    /**
     * Every target.
     *
     * @return the targets
     */
    public static List<Target> all() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("masking", AT_64_KIB, "64 KiB", "throughput", "weft", "arraycopy", false, 0.8));
        t.add(new Target("masking", AT_64_KIB, "64 KiB", "throughput", "weft", "netty", false, 1.5));
        for (String suite : List.of("decode", "encode")) {
            t.add(new Target(suite, SMALL, "16 B–1 KiB", "throughput", "weft", "netty", false, 3.0));
            t.add(new Target(suite, LARGE, "64 KiB and above", "throughput", "weft", "netty", false, 1.5));
            t.add(new Target(suite, UP_TO_64_KIB, "16 B–64 KiB", "allocation", "weft", null, true, 1.0));
        }
        t.add(new Target("echo", ECHO_POINTS, "64 conn × 16 B and 1 KiB × 16", "server cpu per message", "weft-nio", "netty", true, 0.8));
        t.add(new Target("echo", ECHO_POINTS, "64 conn × 16 B and 1 KiB × 16", "p99", "weft-nio", "netty", true, 1.0));
        t.add(new Target("echo", ECHO_POINTS, "64 conn × 16 B and 1 KiB × 16", "server cpu per message", "weft-loom", "weft-nio", true, 1.25));
        t.add(new Target("echo", ECHO_POINTS, "64 conn × 16 B and 1 KiB × 16", "server cpu per message", "weft-loom", "helidon", true, 0.5));
        t.add(new Target("idle", ANY, "10,000 connections", "heap per connection", "weft-nio", null, true, 1024));
        t.add(new Target("idle", ANY, "10,000 connections", "heap per connection", "weft-loom", null, true, 4096));
        return t;
    }

    /**
     * Checks every target against a run.
     *
     * @param measurements the run's figures
     * @return the checks, target by target
     */
    public static List<Target.Check> check(List<Measurement> measurements) {
        List<Target.Check> checks = new ArrayList<>();
        for (Target target : all()) {
            checks.addAll(target.check(measurements));
        }
        return checks;
    }
}
