package dev.weft.benchmarks.load;

import dev.weft.benchmarks.load.CommandLine.Usage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./weft bench soak [options]}: runs a {@link Soak} on each server and prints a progress
 * line per interval and a verdict per server; exits 0 when every server passed.
 */
public final class SoakCommand {

    static final String USAGE = """
            usage: ./weft bench soak [options]
            Soak: holds N connections to each server (each in its own JVM) for some minutes, every one
            sending rounds of numbered messages of varying size, text and binary, and checking each echo.
              --servers LIST       servers, comma-separated (default: weft-nio,weft-loom)
              --connections N      connections held at once (default 2000; each side needs N open files)
              --minutes M          minutes of traffic per server, decimals allowed (default 3)
              --every S            seconds between progress lines and heap samples (default 30)
              --inflight K         messages a connection sends before reading their echoes (default 2)
              --pause-ms P         pause between a connection's rounds, in milliseconds (default 500)
              --help               this text
            Passes when every message came back intact and in order and every connection closed with
            1000, the server's heap after GC stayed flat with the connections open (after the first third
            of the run, its warm-up: at most +16 MiB or +10 %), and once they closed its heap and open
            files came back (+16 MiB, +4 files).
            Exit status: 0 every server passed, 1 one failed, 2 bad options.
            """;

    private SoakCommand() {
    }

    /**
     * Runs the command and exits with {@link #run}'s status.
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
     * @param out  where progress and verdicts go
     * @param err  where usage and failures go
     * @return 0 every server passed, 1 one failed or could not run, 2 bad options
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(args);
        if (line.wantsHelp()) {
            out.print(USAGE);
            return 0;
        }
        SoakPlan plan;
        try {
            plan = parse(line);
            IdleScale.checkLimits(plan.connections());
        } catch (Usage e) {
            err.println("bench soak: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (LoadFailure e) {
            err.println("bench soak: " + e.getMessage());
            return 2;
        }
        out.printf(Locale.ROOT, "soak: %s; %,d connections for %s min each, %d in flight, %d ms pauses, a line every %d s%n",
                String.join(", ", Subject.labels(plan.servers())), plan.connections(), minutes(plan.duration()), plan.inflight(),
                plan.pause().toMillis(), plan.every().toSeconds());
        out.println(CommandLine.machine(plan.jvm()));
        out.flush();
        boolean allPassed = true;
        for (Subject subject : plan.servers()) {
            try {
                Soak.Verdict verdict = Soak.run(subject, plan, s -> {
                    out.println(s);
                    out.flush();
                });
                out.println("soak " + verdict.server() + ": " + (verdict.passed() ? "PASS" : "FAIL"));
                verdict.findings().forEach(f -> out.println("  " + f));
                out.flush();
                allPassed &= verdict.passed();
            } catch (LoadFailure e) {
                out.println("soak " + subject.label() + ": FAIL");
                out.println("  " + e.getMessage());
                allPassed = false;
            }
        }
        out.println(allPassed ? "soak: every server passed" : "soak: FAILED");
        return allPassed ? 0 : 1;
    }

    private static SoakPlan parse(CommandLine line) throws Usage {
        SoakPlan d = SoakPlan.defaults();
        List<Subject> servers = d.servers();
        int connections = d.connections();
        Duration duration = d.duration();
        Duration every = d.every();
        int inflight = d.inflight();
        Duration pause = d.pause();
        for (String flag = line.nextFlag(); flag != null; flag = line.nextFlag()) {
            switch (flag) {
                case "--servers" -> servers = CommandLine.servers(flag, line.value(flag));
                case "--connections" -> connections = CommandLine.positive(flag, line.value(flag));
                case "--minutes" -> {
                    String v = line.value(flag);
                    try {
                        duration = CommandLine.seconds(flag, Double.toString(Double.parseDouble(v) * 60), false);
                    } catch (NumberFormatException e) {
                        throw new Usage(flag + " needs a number of minutes: " + v);
                    }
                }
                case "--every" -> every = CommandLine.seconds(flag, line.value(flag), false);
                case "--inflight" -> inflight = CommandLine.positive(flag, line.value(flag));
                case "--pause-ms" -> {
                    String v = line.value(flag);
                    try {
                        long ms = Long.parseLong(v);
                        if (ms < 0 || ms > 60_000) {
                            throw new Usage(flag + " must be 0 to 60000: " + v);
                        }
                        pause = Duration.ofMillis(ms);
                    } catch (NumberFormatException e) {
                        throw new Usage(flag + " needs a whole number of milliseconds: " + v);
                    }
                }
                default -> throw new Usage("unknown option " + flag);
            }
        }
        for (Subject s : servers) {
            if (!s.speaksWebSocket()) {
                throw new Usage("--servers: " + s.label() + " does not speak WebSocket, so it cannot be soaked");
            }
        }
        return new SoakPlan(servers, connections, duration, every, inflight, pause, d.jvm());
    }

    private static String minutes(Duration d) {
        double m = d.toMillis() / 60_000.0;
        return m == Math.rint(m) ? Long.toString((long) m) : String.format(Locale.ROOT, "%.2f", m);
    }
}
