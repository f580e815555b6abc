package dev.weft.benchmarks.load;

import dev.weft.benchmarks.load.CommandLine.Usage;
import dev.weft.benchmarks.report.Measurement;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./weft bench echo [options]}: runs {@link EchoLoadHarness} and prints the medians, each
 * point with every server's figures and Weft's ratios to Netty and to the TCP baseline.
 */
public final class EchoLoadCommand {

    static final String USAGE = """
            usage: ./weft bench echo [options]
            Echo round trips end to end: each server runs in its own JVM and is loaded over loopback by a
            generator in this one (pre-encoded frames, raw NIO). Servers run one at a time, interleaved in
            rounds; figures are medians over rounds.
              --servers LIST       servers, comma-separated (default: weft-nio,weft-loom,netty,netty-epoll,helidon,tcp-echo)
              --points LIST        points CxSxW, comma-separated: C connections, S-byte messages, W in flight
                                   per connection (default: 1x16x1,64x16x16,64x1KiBx16,8x64KiBx4,1000x16x1,5000x16x1)
              --connections C      a single point instead: C connections (default 64)
              --size S             ... of S-byte messages: 16, 1KiB, 1MiB (default 16)
              --inflight W         ... W in flight per connection (default 16)
              --warmup SECONDS     load before each measured window (default 2)
              --seconds SECONDS    measured window per server and point (default 5)
              --rounds R           rounds (default 3)
              --client-threads T   the generator's selector threads (default 1)
              --pin                server on one core, generator on another (taskset, 2 cores)
              --text               send text messages instead of binary
              --deflate MODE       permessage-deflate: none (default), deflate (context takeover both ways) or
                                   deflate-no-context; JSON-like text, every echo inflated and compared, plus
                                   the servers' compression ratio (default servers: weft-nio,weft-loom,netty)
              --help               this text
            Figures: throughput (msg/s), bandwidth (MB/s of payload echoed), round trip p50/p99/p999 (µs),
            server CPU per message (µs, from the server process's own CPU time over the window), the
            generator's CPU per message (µs), and the server's allocation per message (B, every thread of
            the server JVM over the window).
            """;

    private EchoLoadCommand() {
    }

    /**
     * Runs the command and exits: 0 when done, 1 when the load failed, 2 for bad options.
     *
     * @param args the options in {@link #USAGE}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the options
     * @param out  where the table goes
     * @param err  where progress, usage and failures go
     * @return the exit status: 0 done, 1 the load failed, 2 bad options
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(args);
        if (line.wantsHelp()) {
            out.print(USAGE);
            return 0;
        }
        EchoPlan plan;
        Compression[] compression = {Compression.NONE};
        try {
            plan = parse(line, compression);
        } catch (Usage e) {
            err.println("weft bench echo: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        out.printf(Locale.ROOT, "echo load: %s; %s warm-up + %s measured, %d round%s, %d client thread%s%s%s%n",
                String.join(", ", Subject.labels(plan.servers())), plan.warmup().toMillis() / 1000.0 + " s",
                plan.window().toMillis() / 1000.0 + " s", plan.rounds(), plan.rounds() == 1 ? "" : "s", plan.clientThreads(),
                plan.clientThreads() == 1 ? "" : "s", plan.pin() ? ", pinned" : "", plan.text() ? ", text messages" : "");
        out.println(CommandLine.machine(plan.jvm()));
        out.flush();
        try {
            List<Measurement> results = EchoLoadHarness.run(plan, compression[0], err::println);
            out.print(ResultTable.render(results, compression[0].on()
                    ? List.of(EchoSample.THROUGHPUT, EchoSample.SERVER_CPU, "p99", EchoLoadHarness.COMPRESSION_RATIO)
                    : List.of(EchoSample.THROUGHPUT, EchoSample.SERVER_CPU, "p99")));
            out.println();
            out.println(ResultTable.LEGEND);
            return 0;
        } catch (LoadFailure e) {
            err.println("weft bench echo: " + e.getMessage());
            return 1;
        }
    }

    private static EchoPlan parse(CommandLine line, Compression[] compression) throws Usage {
        List<Subject> servers = null;
        String deflate = null;
        EchoPlan plan = EchoPlan.defaults();
        List<EchoPoint> points = null;
        Integer connections = null;
        Integer size = null;
        Integer inflight = null;
        var warmup = plan.warmup();
        var window = plan.window();
        int rounds = plan.rounds();
        for (String flag = line.nextFlag(); flag != null; flag = line.nextFlag()) {
            switch (flag) {
                case "--servers" -> servers = CommandLine.servers(flag, line.value(flag));
                case "--deflate" -> deflate = line.value(flag);
                case "--points" -> points = CommandLine.points(flag, line.value(flag));
                case "--connections" -> connections = CommandLine.positive(flag, line.value(flag));
                case "--size" -> size = CommandLine.size(flag, line.value(flag));
                case "--inflight" -> inflight = CommandLine.positive(flag, line.value(flag));
                case "--warmup" -> warmup = CommandLine.seconds(flag, line.value(flag), true);
                case "--seconds" -> window = CommandLine.seconds(flag, line.value(flag), false);
                case "--rounds" -> rounds = CommandLine.positive(flag, line.value(flag));
                case "--client-threads" -> plan = plan.withClientThreads(CommandLine.positive(flag, line.value(flag)));
                case "--pin" -> plan = plan.withPin(true);
                case "--text" -> plan = plan.withText(true);
                default -> throw new Usage("unknown option " + flag);
            }
        }
        boolean single = connections != null || size != null || inflight != null;
        if (single && points != null) {
            throw new Usage("give either --points or --connections/--size/--inflight, not both");
        }
        if (single) {
            points = List.of(new EchoPoint(connections == null ? 64 : connections, size == null ? 16 : size,
                    inflight == null ? 16 : inflight));
        }
        if (points != null) {
            plan = plan.withPoints(points);
        }
        if (deflate != null) {
            try {
                compression[0] = Compression.forServers(deflate, servers);
            } catch (IllegalArgumentException e) {
                throw new Usage(e.getMessage());
            }
            if (compression[0].on() && plan.points().stream().anyMatch(p -> p.size() == 0)) {
                throw new Usage("--deflate needs messages of at least one byte");
            }
        }
        if (servers != null) {
            plan = plan.withServers(servers);
        } else if (compression[0].on()) {
            plan = plan.withServers(Compression.DEFAULT_SERVERS);
        }
        return plan.withTiming(warmup, window, rounds);
    }
}
