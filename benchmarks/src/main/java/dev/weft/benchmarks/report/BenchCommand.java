package dev.weft.benchmarks.report;



import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code ./weft bench quick|full}: every benchmark of the module in one run — JMH on the hot paths,
 * then the echo load and the idle-connection scale — and one report: a table per suite and metric
 * with Weft's ratios to its peers and baselines, the targets met and missed, a JSON file and an SVG
 * chart.
 */
public final class BenchCommand {

    static final String USAGE = """
            usage: ./weft bench quick|full [options]
              quick               the target points, briefly: about twenty minutes on two cores
              full                every point at publishable settings: about an hour
            options:
              --out DIR           where the report goes (default: benchmarks/results)
              --only LIST         stages to run, comma-separated: jmh, echo, idle, deflate (default: all)
              --pin               pin the echo server and the load generator to different cores
              -h, --help          this text
            """;

    /** The stages, in the order they run. */
    static final List<String> STAGES = List.of("jmh", "echo", "idle", "deflate");

    private BenchCommand() {
    }

    /**
     * The parsed command line.
     *
     * @param mode {@code quick} or {@code full}
     * @param out the report directory
     * @param stages the stages to run
     * @param pin whether to pin server and generator to different cores
     */
    record Options(String mode, Path out, Set<String> stages, boolean pin) {

        static Options parse(String[] args) {
            String mode = null;
            Path out = Path.of("benchmarks", "results");
            Set<String> stages = new LinkedHashSet<>(STAGES);
            boolean pin = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "quick", "full" -> {
                        if (mode != null) {
                            throw new IllegalArgumentException("give quick or full once");
                        }
                        mode = a;
                    }
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--only" -> {
                        stages = new LinkedHashSet<>();
                        for (String s : value(args, ++i, a).split(",")) {
                            if (!STAGES.contains(s.trim())) {
                                throw new IllegalArgumentException("unknown stage '" + s.trim() + "' (known: " + String.join(", ", STAGES) + ")");
                            }
                            stages.add(s.trim());
                        }
                    }
                    case "--pin" -> pin = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            if (mode == null) {
                throw new IllegalArgumentException("say quick or full");
            }
            return new Options(mode, out, stages, pin);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * Runs the report.
     *
     * @param args see {@link #USAGE}
     */
    public static void main(String[] args) {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("weft bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(run(options, String.join(" ", args)));
        } catch (Exception e) {
            System.err.println("weft bench: failed: " + e);
            System.exit(1);
        }
    }

    static int run(Options options, String arguments) throws Exception {
        Instant started = Instant.now();
        Machine machine = Machine.current();
        Files.createDirectories(options.out());
        Consumer<String> progress = line -> {
            long s = Duration.between(started, Instant.now()).toSeconds();
            System.err.printf(Locale.ROOT, "[%d:%02d] %s%n", s / 60, s % 60, line);
        };
        progress.accept("bench " + options.mode() + " on " + machine.line());
        List<Measurement> measurements = new ArrayList<>();
        if (options.stages().contains("jmh")) {
            JmhPlan plan = options.mode().equals("quick") ? JmhPlan.quick() : JmhPlan.full();
            Path log = options.out().resolve("jmh.log");
            progress.accept("jmh: JMH's own output goes to " + log);
            try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                measurements.addAll(plan.run(logStream, progress));
            }
        }
        for (Stage stage : Stage.all()) {
            if (options.stages().contains(stage.name())) {
                measurements.addAll(stage.run(options.mode().equals("quick"), options.pin(), progress));
            }
        }
        Duration took = Duration.between(started, Instant.now());
        String command = "./weft bench " + arguments;
        List<Report.Table> tables = Report.tables(measurements);
        List<Target.Check> checks = Targets.check(measurements);

        System.out.println();
        System.out.println("Weft benchmarks — " + options.mode() + ", " + started.truncatedTo(ChronoUnit.SECONDS) + ", took " + minutes(took));
        System.out.println("machine: " + machine.line());
        System.out.println("command: " + command);
        System.out.println("Figures are medians; a ratio is Weft's figure ÷ the other's (mind the direction).");
        System.out.println();
        System.out.print(Report.text(tables));
        System.out.println("targets");
        for (Target.Check check : checks) {
            System.out.println("  " + check.line());
        }

        Path json = options.out().resolve("latest.json");
        Path svg = options.out().resolve("latest.svg");
        Path md = options.out().resolve("latest.md");
        Files.writeString(json, Json.write(document(options, machine, command, started, took, measurements, checks)));
        String title = "Weft beside Netty, Helidon and the physical limits (" + options.mode() + " run)";
        Files.writeString(svg, SvgChart.svg(measurements, title, machine.line() + "\n" + started.toString().substring(0, 10) + " · " + command));
        Files.writeString(md, markdown(options, machine, command, started, took, tables, checks));
        System.out.println();
        System.out.println("wrote " + json + ", " + svg + " and " + md);
        return 0;
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    private static Map<String, Object> document(Options options, Machine machine, String command, Instant started,
                                                Duration took, List<Measurement> measurements, List<Target.Check> checks) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mode", options.mode());
        doc.put("command", command);
        doc.put("started", started.truncatedTo(ChronoUnit.SECONDS).toString());
        doc.put("seconds", took.toSeconds());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", machine.cpu());
        m.put("cores", machine.cores());
        m.put("memory", machine.memory());
        m.put("os", machine.os());
        m.put("jdk", machine.jdk());
        doc.put("machine", m);
        doc.put("pinned", options.pin());
        List<Object> list = new ArrayList<>();
        for (Measurement x : measurements) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("suite", x.suite());
            e.put("point", x.point());
            e.put("subject", x.subject());
            e.put("role", x.role().name().toLowerCase(Locale.ROOT));
            e.put("metric", x.metric());
            e.put("unit", x.unit());
            e.put("value", x.value());
            e.put("better", x.better().name().toLowerCase(Locale.ROOT));
            list.add(e);
        }
        doc.put("measurements", list);
        Map<String, Object> notes = new LinkedHashMap<>();
        measurements.forEach(x -> MetricNotes.of(x.metric()).ifPresent(n -> notes.putIfAbsent(x.metric(), n)));
        doc.put("notes", notes);
        List<Object> targets = new ArrayList<>();
        for (Target.Check c : checks) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("target", c.line().substring(2));
            e.put("measured", c.value().isPresent());
            e.put("met", c.met());
            e.put("value", c.value().orElse(null));
            targets.add(e);
        }
        doc.put("targets", targets);
        return doc;
    }

    private static String markdown(Options options, Machine machine, String command, Instant started, Duration took,
                                   List<Report.Table> tables, List<Target.Check> checks) {
        StringBuilder out = new StringBuilder();
        out.append("Run `").append(command).append("` on ").append(started.toString(), 0, 10)
                .append(" (").append(minutes(took)).append(").  \n");
        out.append("Machine: ").append(machine.line()).append(".  \n");
        out.append("Figures are medians; a ratio is Weft's figure ÷ the other's, so above 1 is better for throughput and below 1 is better for CPU time, latency and memory.\n\n");
        out.append(Report.markdown(tables));
        out.append("**Targets**\n\n");
        for (Target.Check c : checks) {
            out.append("- ").append(c.line()).append('\n');
        }
        return out.toString();
    }

}
