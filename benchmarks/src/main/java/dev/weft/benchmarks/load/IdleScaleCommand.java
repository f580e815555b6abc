package dev.weft.benchmarks.load;

import dev.weft.benchmarks.load.CommandLine.Usage;
import dev.weft.benchmarks.report.Measurement;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./weft bench idle [options]}: runs {@link IdleScale} and prints the medians, every
 * server's figures and Weft's ratios to Netty and to the TCP baseline.
 */
public final class IdleScaleCommand {

    static final String USAGE = """
            usage: ./weft bench idle [options]
            Idle-connection scale: opens N WebSocket connections to each server (each in its own JVM),
            handshakes them, and leaves them silent; reports what holding them costs the server.
              --servers LIST       servers, comma-separated (default: weft-nio,weft-loom,netty,helidon,tcp-echo)
              --connections N      idle connections per server (default 10000; each side needs N open files)
              --concurrency K      handshakes outstanding at once while opening (default 256)
              --rounds R           rounds; figures are medians over them (default 1)
              --client-threads T   the generator's selector threads (default 1)
              --warmup W           connections opened and closed on each server before it is first measured
                                   (default: as many as --connections; 0 for none)
              --deflate MODE       permessage-deflate: none (default), deflate (context takeover) or
                                   deflate-no-context; each connection first exchanges one compressed 1 KiB
                                   message (default servers: weft-nio,weft-loom,netty)
              --help               this text
            Every server gets the same procedure and JVM options (no fixed or touched heap). The warm-up
            opens and closes W connections, then waits until the server has closed their sockets and its
            JIT compiler has finished nothing for 6 s, so compiled code and the compiler's memory are in
            the baseline.
            Each measurement collects garbage, then has the C library return its free memory to the OS
            (HotSpot's System.trim_native_heap), then reads VmRSS: the RSS counts memory in use.
            Figures: heap per connection and rss per connection (B): heap after GC and VmRSS with all N
            open minus the warmed-up server's, over N. heap per added connection and rss per added
            connection (B): the connections open in two halves, and what the second half added, over its
            N - N/2. Both include the heap the JVM grows as its live data grows (G1 commits heap in
            proportion to it); the averages also charge one-time costs paid while the first half opened
            (heap grown, stacks of code still interpreted), so the added figures are what one more
            connection costs. open time (s): both halves. tcp-echo takes plain TCP connections.
            """;

    private IdleScaleCommand() {
    }

    /**
     * Runs the command and exits: 0 when done, 1 when the run failed, 2 for bad options.
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
     * @return the exit status: 0 done, 1 the run failed, 2 bad options
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(args);
        if (line.wantsHelp()) {
            out.print(USAGE);
            return 0;
        }
        IdlePlan plan;
        Compression[] compression = {Compression.NONE};
        try {
            plan = parse(line, compression);
        } catch (Usage e) {
            err.println("weft bench idle: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        out.printf(Locale.ROOT, "idle scale: %s; %,d connections, %d handshakes at once, %d round%s%n",
                String.join(", ", Subject.labels(plan.servers())), plan.connections(), plan.concurrency(), plan.rounds(),
                plan.rounds() == 1 ? "" : "s");
        out.println(CommandLine.machine(plan.jvm()));
        out.flush();
        try {
            List<Measurement> results = compression[0].on() ? IdleScale.run(plan, compression[0], err::println)
                    : IdleScale.run(plan, err::println);
            out.print(ResultTable.render(results, List.of(IdleMemory.HEAP_PER_CONNECTION, IdleMemory.RSS_PER_CONNECTION,
                    IdleMemory.HEAP_PER_ADDED_CONNECTION, IdleMemory.RSS_PER_ADDED_CONNECTION, "open time")));
            out.println();
            out.println(ResultTable.LEGEND);
            return 0;
        } catch (LoadFailure e) {
            err.println("weft bench idle: " + e.getMessage());
            return 1;
        }
    }

    private static IdlePlan parse(CommandLine line, Compression[] compression) throws Usage {
        List<Subject> servers = null;
        String deflate = null;
        IdlePlan plan = IdlePlan.defaults();
        int connections = plan.connections();
        int concurrency = plan.concurrency();
        Integer warmup = null;
        for (String flag = line.nextFlag(); flag != null; flag = line.nextFlag()) {
            switch (flag) {
                case "--servers" -> servers = CommandLine.servers(flag, line.value(flag));
                case "--deflate" -> deflate = line.value(flag);
                case "--connections" -> connections = CommandLine.positive(flag, line.value(flag));
                case "--concurrency" -> concurrency = CommandLine.positive(flag, line.value(flag));
                case "--warmup" -> warmup = CommandLine.count(flag, line.value(flag));
                case "--rounds" -> plan = plan.withRounds(CommandLine.positive(flag, line.value(flag)));
                case "--client-threads" -> plan = plan.withClientThreads(CommandLine.positive(flag, line.value(flag)));
                default -> throw new Usage("unknown option " + flag);
            }
        }
        if (deflate != null) {
            try {
                compression[0] = Compression.forServers(deflate, servers);
            } catch (IllegalArgumentException e) {
                throw new Usage(e.getMessage());
            }
        }
        if (servers != null) {
            plan = plan.withServers(servers);
        } else if (compression[0].on()) {
            plan = plan.withServers(Compression.DEFAULT_SERVERS);
        }
        plan = plan.withConnections(connections, concurrency);
        return warmup == null ? plan : plan.withWarmup(warmup);
    }
}
