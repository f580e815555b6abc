package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The targets Weft publishes, from the data-path issue ("Targets": ratios in one run, on two
 * cores), in the order the README lists them. Each is checked against the run and reported as met,
 * missed or not measured; none is asserted.
 */
public final class Targets {

    private Targets() {
    }

    private static final Predicate<String> SMALL = p -> p.startsWith("16 B") || p.startsWith("125 B") || p.startsWith("1 KiB");
    private static final Predicate<String> AT_64_KIB = p -> p.startsWith("64 KiB");
    /** The echo points the CPU targets name: 64 connections × 16 B and 1 KiB × 16, and 8 × 64 KiB × 4. */
    private static final Predicate<String> CPU_POINTS = p -> p.equals("64 conn × 16 B × 16") || p.equals("64 conn × 1 KiB × 16")
            || p.equals("8 conn × 64 KiB × 4");
    private static final String CPU_POINTS_LABEL = "64 conn × 16 B, 1 KiB × 16 and 8 × 64 KiB × 4";
    private static final Predicate<String> ANY = p -> true;
    private static final Predicate<String> NO_CONTEXT_TAKEOVER = p -> p.endsWith(", no context takeover");

    /**
     * Every target.
     *
     * @return the targets
     */
    public static List<Target> all() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("echo", CPU_POINTS, CPU_POINTS_LABEL, "server cpu per message", "weft-nio", "netty", true, 0.8));
        t.add(new Target("echo", CPU_POINTS, CPU_POINTS_LABEL, "server cpu per message", "weft-nio", "netty-epoll", true, 1.0));
        t.add(new Target("echo", ANY, "every point", "server cpu per message", "weft-loom", "weft-nio", true, 1.25));
        t.add(new Target("echo", ANY, "every point", "p999", "weft-loom", "weft-nio", true, 2.0));
        // Server mode: the engine hands whole messages the application may keep, as Netty's decoder does.
        t.add(new Target("decode", SMALL, "16 B–1 KiB", "throughput", "weft", "netty", false, 1.5));
        t.add(new Target("decode", AT_64_KIB, "64 KiB", "throughput", "weft", "netty", false, 1.2));
        // The echo path's allocation, as the server child counts it over every thread in the window.
        t.add(new Target("echo", CPU_POINTS, CPU_POINTS_LABEL, "server allocation per message", "weft-nio", null, true, 1.0));
        t.add(new Target("echo", CPU_POINTS, CPU_POINTS_LABEL, "server allocation per message", "weft-loom", null, true, 1.0));
        t.add(new Target("idle", ANY, "10,000 connections", "heap per connection", "weft-nio", null, true, 1536));
        t.add(new Target("idle", ANY, "10,000 connections", "rss per connection", "weft-nio", null, true, 4096));
        t.add(new Target("idle", ANY, "10,000 connections", "heap per connection", "weft-loom", null, true, 4096));
        // permessage-deflate (issue 13): CPU per compressed echo against Netty's, same parameters.
        t.add(new Target("echo deflate", ANY, "every point", "server cpu per message", "weft-nio", "netty", true, 1.0));
        t.add(new Target("echo deflate", ANY, "every point", "server cpu per message", "weft-loom", "netty", true, 1.0));
        t.add(new Target("idle deflate", NO_CONTEXT_TAKEOVER, "10,000 connections, no context takeover",
                "rss per connection ÷ uncompressed", "weft-nio", null, true, 2.0));
        t.add(new Target("idle deflate", NO_CONTEXT_TAKEOVER, "10,000 connections, no context takeover",
                "rss per connection ÷ uncompressed", "weft-loom", null, true, 2.0));
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
