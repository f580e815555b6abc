package dev.weft.conformance.suite;

import dev.weft.conformance.testee.TesteeClient;
import dev.weft.conformance.testee.TesteeServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the catalogue against Weft: the fuzzing client against a {@link TesteeServer}, or the
 * fuzzing server against a {@link TesteeClient}, on a given transport, all in this JVM on the
 * loopback interface.
 */
public final class NativeSuite {

    private NativeSuite() {
    }

    /**
     * Returns the report name of a Weft peer.
     *
     * @param side      {@code server} or {@code client}
     * @param transport the transport
     * @return for example {@code weft-server-nio}
     */
    public static String agent(String side, String transport) {
        return "weft-" + side + "-" + transport;
    }

    /**
     * Runs the cases against a Weft echo server.
     *
     * @param transport the server's transport
     * @param cases     the cases
     * @param mode      sizes and waits
     * @param progress  receives progress lines
     * @return the run
     * @throws IOException if the server cannot be started
     */
    public static SuiteRun serverSide(String transport, List<CaseSpec> cases, SuiteMode mode, Consumer<String> progress)
            throws IOException {
        long start = System.nanoTime();
        String agent = agent("server", transport);
        try (TesteeServer server = TesteeServer.start(transport, new InetSocketAddress("127.0.0.1", 0))) {
            URI uri = URI.create("ws://127.0.0.1:" + server.address().getPort() + "/");
            progress.accept(agent + ": " + cases.size() + " cases against " + uri);
            List<CaseResult> results = new FuzzingClient(uri, mode).run(cases, progress);
            return new SuiteRun(agent, "server", transport, mode.name(), results, millisSince(start));
        }
    }

    /**
     * Runs the cases against a Weft client, which drives the fuzzing server as Autobahn's
     * testee clients do.
     *
     * @param transport the client's transport
     * @param cases     the cases
     * @param mode      sizes and waits
     * @param progress  receives progress lines
     * @return the run
     * @throws IOException if the fuzzing server cannot start or the client cannot get the case count
     */
    public static SuiteRun clientSide(String transport, List<CaseSpec> cases, SuiteMode mode, Consumer<String> progress)
            throws IOException {
        long start = System.nanoTime();
        String agent = agent("client", transport);
        try (FuzzingServer fuzzer = new FuzzingServer(new InetSocketAddress("127.0.0.1", 0), cases, mode, progress)) {
            fuzzer.start();
            URI uri = URI.create("ws://127.0.0.1:" + fuzzer.port());
            progress.accept(agent + ": " + cases.size() + " cases from the fuzzing server at " + uri);
            Duration caseTimeout = mode.longDeadline().plus(mode.closeWait()).plus(mode.deadline());
            TesteeClient.Outcome outcome = new TesteeClient(transport, caseTimeout, line -> { }).run(uri, agent);
            List<CaseResult> got = fuzzer.results(agent, mode.closeWait().plus(mode.deadline()));
            Map<String, CaseResult> byId = got.stream().collect(Collectors.toMap(CaseResult::id, r -> r));
            List<CaseResult> results = new ArrayList<>();
            for (CaseSpec spec : cases) {
                CaseResult r = byId.get(spec.id());
                results.add(r != null ? r : Failures.couldNotRun(spec, "the client never ran this case"
                        + problemFor(outcome, cases.indexOf(spec) + 1), System.nanoTime()));
            }
            return new SuiteRun(agent, "client", transport, mode.name(), results, millisSince(start));
        }
    }

    private static String problemFor(TesteeClient.Outcome outcome, int number) {
        String prefix = "case " + number + ": ";
        return outcome.problems().stream().filter(p -> p.startsWith(prefix)).map(p -> " (" + p.substring(prefix.length()) + ")")
                .findFirst().orElse("");
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
