package dev.weft.conformance;

import dev.weft.codec.spi.Transports;
import dev.weft.conformance.autobahn.AutobahnReport;
import dev.weft.conformance.autobahn.AutobahnRun;
import dev.weft.conformance.autobahn.AutobahnSpec;
import dev.weft.conformance.autobahn.Docker;
import dev.weft.conformance.suite.CaseIds;
import dev.weft.conformance.suite.CaseResult;
import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.NativeSuite;
import dev.weft.conformance.suite.SuiteMode;
import dev.weft.conformance.suite.SuiteReport;
import dev.weft.conformance.suite.SuiteRun;
import dev.weft.conformance.suite.Verdict;
import dev.weft.conformance.suite.cases.Catalogue;
import dev.weft.conformance.testee.TesteeClient;
import dev.weft.conformance.testee.TesteeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./weft autobahn}: runs the Autobahn|Testsuite in Docker against the Weft server and
 * client on every transport, or, where Docker cannot run containers, says so in one line and runs
 * the native suite instead. Also runs either testee on its own, for any Autobahn installation to
 * be pointed at, and reads a report.
 *
 * <p>Exit codes: 0 every case passed (OK, NON-STRICT or INFORMATIONAL), 1 a case failed or the run
 * could not be done, 2 bad arguments.
 */
@Command(name = "weft autobahn", mixinStandardHelpOptions = true, sortOptions = false, version = "weft autobahn 0.1.0",
        description = {"Run the Autobahn|Testsuite (Docker image crossbario/autobahn-testsuite) against the Weft server and"
                + " client on each transport; where Docker cannot run containers, run Weft's native suite instead (the same"
                + " case catalogue, played by Weft's own fuzzing peer in this JVM)."},
        subcommands = {AutobahnCommand.TesteeServerCommand.class, AutobahnCommand.TesteeClientCommand.class,
                AutobahnCommand.ReportCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every case passed (OK, NON-STRICT or INFORMATIONAL)", "1:a case failed, or the run could not be done",
                "2:bad arguments"})
public final class AutobahnCommand implements Callable<Integer> {

    @Option(names = "--transport", paramLabel = "T", description = "nio, loom or both (every transport present; default)")
    String transport = "both";

    @Option(names = "--side", paramLabel = "SIDE", description = "server, client or both (default)")
    String side = "both";

    @Option(names = "--cases", paramLabel = "LIST", description = "case patterns to run, comma-separated, e.g. '1.*,6.4.*' (default: ${DEFAULT-VALUE})")
    String cases = String.join(",", AutobahnSpec.DEFAULT_CASES);

    @Option(names = "--exclude-cases", paramLabel = "LIST", description = "case patterns to skip (default: none)")
    String excludeCases = String.join(",", AutobahnSpec.DEFAULT_EXCLUDED);

    @Option(names = "--native", description = "run the native suite even where Docker is available")
    boolean nativeOnly;

    @Option(names = "--full", description = "native suite: Autobahn's sizes, counts and waits in sections 9, 12 and 13 (default: scaled down)")
    boolean full;

    @Option(names = "--port", paramLabel = "P", description = "Docker run: the first port for testee servers, and the fuzzing server's port (default: ${DEFAULT-VALUE})")
    int port = 9001;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Docker run: the Autobahn image (default: ${DEFAULT-VALUE})")
    String image = Docker.DEFAULT_IMAGE;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "where reports go (default: conformance/target in the checkout)")
    Path reportDir;

    /** Runs docker; tests replace it. */
    static Docker.Runner runner = new Docker.ProcessRunner();

    PrintWriter out;
    PrintWriter err;

    /**
     * Runs the command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command with the given output streams (for tests and embedding).
     *
     * @param args the command line
     * @param out  where progress and results go
     * @param err  where errors and usage go
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        AutobahnCommand command = new AutobahnCommand();
        command.out = out;
        command.err = err;
        CommandLine cli = new CommandLine(command);
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof Streams s) {
                s.streams(out, err);
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            // Every error line names its command, as "weft autobahn report: ..." (picocli's own does not).
            CommandLine failed = e.getCommandLine();
            String name = failed == cli ? "weft autobahn" : "weft autobahn " + failed.getCommandName();
            err.println(name + ": " + e.getMessage());
            failed.usage(err);
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("weft autobahn: " + e.getMessage());
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws Exception {
        List<String> transports;
        try {
            transports = transports(transport);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        String s = side.toLowerCase(Locale.ROOT);
        if (!List.of("server", "client", "both").contains(s)) {
            return usageError("--side must be server, client or both, not '" + side + "'");
        }
        List<String> include = CaseIds.patterns(cases);
        List<String> exclude = CaseIds.patterns(excludeCases);
        if (include.isEmpty()) {
            return usageError("--cases names no case");
        }
        if (port < 1 || port > 65535 - transports.size()) {
            return usageError("--port must be between 1 and 65535");
        }
        Path root = reportDir != null ? reportDir : defaultReportRoot();
        if (!nativeOnly) {
            Docker.Availability docker = Docker.check(runner);
            if (docker.available()) {
                return dockerRun(transports, s, include, exclude, root);
            }
            out.println("weft autobahn: Docker is not available here (" + docker.reason() + "); running the native suite instead.");
        }
        return nativeRun(transports, s, include, exclude, root);
    }

    private int dockerRun(List<String> transports, String s, List<String> include, List<String> exclude, Path root)
            throws IOException {
        AutobahnRun run = new AutobahnRun(image, transports, include, exclude, port, root, runner, out::println);
        List<AutobahnReport> reports = new ArrayList<>();
        List<Path> html = new ArrayList<>();
        if (!s.equals("client")) {
            reports.add(run.serverSide());
            html.add(run.reportDir().resolve("servers").resolve("index.html"));
        }
        if (!s.equals("server")) {
            reports.add(run.clientSide());
            html.add(run.reportDir().resolve("clients").resolve("index.html"));
        }
        boolean passed = true;
        for (AutobahnReport report : reports) {
            report.summary().forEach(out::println);
            for (AutobahnReport.Failure f : report.failures()) {
                out.println(f.describe());
            }
            passed &= report.passed();
        }
        html.forEach(p -> out.println("report: " + p));
        out.println(passed ? "weft autobahn: every case passed." : "weft autobahn: some cases FAILED (listed above).");
        return passed ? 0 : 1;
    }

    private int nativeRun(List<String> transports, String s, List<String> include, List<String> exclude, Path root)
            throws IOException {
        SuiteMode mode = full ? SuiteMode.FULL : SuiteMode.QUICK;
        List<CaseSpec> all = Catalogue.all(mode);
        List<String> chosen = CaseIds.select(all.stream().map(CaseSpec::id).toList(), include, exclude);
        if (chosen.isEmpty()) {
            return usageError("no case of the native suite matches --cases '" + cases + "' and --exclude-cases '" + excludeCases + "'");
        }
        List<CaseSpec> selected = all.stream().filter(c -> chosen.contains(c.id())).toList();
        out.println("weft autobahn: native suite, " + selected.size() + " cases, " + mode.name() + " mode, on "
                + String.join(", ", transports));
        List<SuiteRun> runs = new ArrayList<>();
        for (String t : transports) {
            if (!s.equals("client")) {
                runs.add(NativeSuite.serverSide(t, selected, mode, out::println));
            }
            if (!s.equals("server")) {
                runs.add(NativeSuite.clientSide(t, selected, mode, out::println));
            }
        }
        Path html = SuiteReport.write(root.resolve("conformance-report"), runs);
        boolean passed = true;
        for (SuiteRun run : runs) {
            for (CaseResult r : run.failures()) {
                out.println(run.agent() + " " + r.details());
            }
            passed &= run.failures().isEmpty();
        }
        out.println();
        for (SuiteRun run : runs) {
            out.println(run.summary());
            Map<Verdict, List<String>> lenient = run.results().stream()
                    .filter(r -> r.verdict() == Verdict.NON_STRICT || r.verdict() == Verdict.INFORMATIONAL)
                    .collect(Collectors.groupingBy(CaseResult::verdict, Collectors.mapping(CaseResult::id, Collectors.toList())));
            lenient.forEach((v, ids) -> out.println("    " + v.label() + ": " + String.join(" ", ids)));
        }
        out.println("report: " + html);
        out.println(passed ? "weft autobahn: every case passed." : "weft autobahn: some cases FAILED (listed above).");
        return passed ? 0 : 1;
    }

    private int usageError(String message) {
        err.println("weft autobahn: " + message);
        new CommandLine(new AutobahnCommand()).usage(err);
        return 2;
    }

    /**
     * Returns the transports an option names: {@code both} means every transport present.
     *
     * @param option the option's value
     * @return the transport names
     * @throws IllegalArgumentException if it names a transport that is not present
     */
    static List<String> transports(String option) {
        List<String> available = Transports.available();
        if (option.equalsIgnoreCase("both") || option.equalsIgnoreCase("all")) {
            return available;
        }
        if (!available.contains(option)) {
            throw new IllegalArgumentException("unknown transport '" + option + "'; available: " + String.join(", ", available));
        }
        return List.of(option);
    }

    /** Reports go under the checkout's conformance/target when the launcher says where that is. */
    static Path defaultReportRoot() {
        String home = System.getProperty("weft.home");
        return home != null ? Path.of(home, "conformance", "target") : Path.of("target");
    }

    /** A subcommand that writes to the streams the top command was given. */
    interface Streams {
        void streams(PrintWriter out, PrintWriter err);
    }

    /** {@code ./weft autobahn testee-server}: the echo server under test, until stopped. */
    @Command(name = "testee-server", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run the Weft echo server that Autobahn's fuzzingclient mode tests.",
                    "Every message is echoed as it came, on any path; frames and messages up to 64 MiB. Stop it with Ctrl-C."})
    static final class TesteeServerCommand implements Callable<Integer>, Streams {
        @Option(names = "--port", paramLabel = "P", description = "the port (default: ${DEFAULT-VALUE})")
        int port = 9001;

        @Option(names = "--host", paramLabel = "H", description = "the address to listen on (default: ${DEFAULT-VALUE})")
        String host = "127.0.0.1";

        @Option(names = "--transport", paramLabel = "T", description = "nio or loom (default: ${DEFAULT-VALUE})")
        String transport = "nio";

        private PrintWriter out;
        private PrintWriter err;

        @Override
        public void streams(PrintWriter o, PrintWriter e) {
            out = o;
            err = e;
        }

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65535) {
                return subUsageError(err, this, "--port must be between 0 and 65535");
            }
            try {
                transports(transport);
            } catch (IllegalArgumentException e) {
                return subUsageError(err, this, e.getMessage());
            }
            TesteeServer server;
            try {
                server = TesteeServer.start(transport, new InetSocketAddress(host, port));
            } catch (IOException e) {
                err.println("weft autobahn testee-server: cannot listen on " + host + ":" + port + ": " + e.getMessage());
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            InetSocketAddress a = server.address();
            out.println("weft autobahn testee-server: echoing on ws://" + a.getHostString() + ":" + a.getPort() + "/ over "
                    + transport + " (agent weft-server-" + transport + "); Ctrl-C to stop");
            out.flush();
            Thread.currentThread().join();
            return 0;
        }
    }

    /** {@code ./weft autobahn testee-client}: the client under test, driven by a fuzzing server. */
    @Command(name = "testee-client", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run the Weft client that Autobahn's fuzzingserver mode tests.",
                    "It asks /getCaseCount, runs /runCase?case=N&agent=A for each case echoing every message, then calls"
                            + " /updateReports?agent=A, and exits 0 when the run is over."})
    static final class TesteeClientCommand implements Callable<Integer>, Streams {
        @Option(names = "--url", required = true, paramLabel = "URL", description = "the fuzzing server, e.g. ws://127.0.0.1:9001")
        String url;

        @Option(names = "--agent", paramLabel = "NAME", description = "the name to report under (default: weft-client-TRANSPORT)")
        String agent;

        @Option(names = "--transport", paramLabel = "T", description = "nio or loom (default: ${DEFAULT-VALUE})")
        String transport = "nio";

        @Option(names = "--case-timeout", paramLabel = "SECONDS", description = "give up on a case after this long (default: ${DEFAULT-VALUE})")
        int caseTimeout = 300;

        private PrintWriter out;
        private PrintWriter err;

        @Override
        public void streams(PrintWriter o, PrintWriter e) {
            out = o;
            err = e;
        }

        @Override
        public Integer call() {
            URI uri;
            try {
                uri = new URI(url);
                if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) {
                    return subUsageError(err, this, "--url must be ws://HOST:PORT, not '" + url + "'");
                }
                transports(transport);
            } catch (URISyntaxException e) {
                return subUsageError(err, this, "bad --url '" + url + "': " + e.getMessage());
            } catch (IllegalArgumentException e) {
                return subUsageError(err, this, e.getMessage());
            }
            if (caseTimeout <= 0) {
                return subUsageError(err, this, "--case-timeout must be positive");
            }
            String name = agent != null ? agent : "weft-client-" + transport;
            try {
                TesteeClient.Outcome outcome = new TesteeClient(transport, Duration.ofSeconds(caseTimeout), out::println)
                        .run(uri, name);
                out.println("weft autobahn testee-client: done, " + outcome.cases() + " cases as '" + name + "'"
                        + (outcome.problems().isEmpty() ? "" : "; " + outcome.problems().size() + " could not run to their end"));
                return 0;
            } catch (IOException e) {
                err.println("weft autobahn testee-client: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code ./weft autobahn report DIR}: reads a report and judges it. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Read an Autobahn report and list every case that did not pass.",
                    "DIR holds index.json: a report of Autobahn's, or of the native suite's."})
    static final class ReportCommand implements Callable<Integer>, Streams {
        @Parameters(paramLabel = "DIR", description = "the directory holding index.json")
        Path dir;

        private PrintWriter out;
        private PrintWriter err;

        @Override
        public void streams(PrintWriter o, PrintWriter e) {
            out = o;
            err = e;
        }

        @Override
        public Integer call() {
            AutobahnReport report;
            try {
                report = AutobahnReport.read(dir);
            } catch (IOException e) {
                err.println("weft autobahn report: " + e.getMessage());
                return 1;
            }
            report.summary().forEach(out::println);
            report.failures().forEach(f -> out.println(f.describe()));
            out.println(report.passed() ? "every case passed." : report.failures().size() + " cases did not pass.");
            return report.passed() ? 0 : 1;
        }
    }

    private static int subUsageError(PrintWriter err, Object command, String message) {
        String name = command.getClass().getAnnotation(Command.class).name();
        err.println("weft autobahn " + name + ": " + message);
        new CommandLine(command).setCommandName("weft autobahn " + name).usage(err);
        return 2;
    }
}
