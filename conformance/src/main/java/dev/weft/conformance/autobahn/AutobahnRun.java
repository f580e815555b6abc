package dev.weft.conformance.autobahn;

import dev.weft.conformance.testee.TesteeClient;
import dev.weft.conformance.testee.TesteeServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the official Autobahn|Testsuite in Docker against Weft.
 *
 * <ul>
 *   <li>Server side: starts a {@link TesteeServer} per transport (on {@code port}, {@code port+1},
 *       ...), writes a {@code fuzzingclient} spec naming them, runs the container until it is done,
 *       and reads {@code servers/index.json}.</li>
 *   <li>Client side: writes a {@code fuzzingserver} spec, starts the container listening on
 *       {@code port}, runs a {@link TesteeClient} per transport against it, stops the container
 *       and reads {@code clients/index.json}.</li>
 * </ul>
 * Specs go to {@code <root>/autobahn-config}, reports to {@code <root>/autobahn-report}.
 *
 * @param image      the Autobahn image
 * @param transports the transports to test
 * @param cases      case patterns to run
 * @param excluded   case patterns to skip
 * @param port       the first port to use
 * @param root       where the spec and report directories go
 * @param runner     runs docker
 * @param out        receives progress lines
 */
public record AutobahnRun(String image, List<String> transports, List<String> cases, List<String> excluded, int port,
                          Path root, Docker.Runner runner, Consumer<String> out) {

    /** How long one client-side case may take before the testee client gives up on it. */
    private static final Duration CASE_TIMEOUT = Duration.ofMinutes(5);
    /** How long the whole server-side run may take. */
    private static final Duration RUN_TIMEOUT = Duration.ofHours(3);
    /** How long to wait for the fuzzing server to listen (the first run pulls the image). */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Returns the spec directory.
     *
     * @return {@code <root>/autobahn-config}
     */
    public Path configDir() {
        return root.resolve("autobahn-config");
    }

    /**
     * Returns the report directory.
     *
     * @return {@code <root>/autobahn-report}
     */
    public Path reportDir() {
        return root.resolve("autobahn-report");
    }

    /**
     * Tests the Weft server on every transport.
     *
     * @return the report of the run
     * @throws IOException if a testee cannot start, docker fails, or no report is written
     */
    public AutobahnReport serverSide() throws IOException {
        Files.createDirectories(configDir());
        Files.createDirectories(reportDir().resolve("servers"));
        List<TesteeServer> servers = new ArrayList<>();
        try {
            List<AutobahnSpec.Server> specServers = new ArrayList<>();
            for (int i = 0; i < transports.size(); i++) {
                TesteeServer s = TesteeServer.start(transports.get(i), new InetSocketAddress("127.0.0.1", port + i));
                servers.add(s);
                String url = "ws://127.0.0.1:" + s.address().getPort();
                specServers.add(new AutobahnSpec.Server("weft-server-" + transports.get(i), url));
                out.accept("weft autobahn: testee server on " + transports.get(i) + " at " + url);
            }
            Files.writeString(configDir().resolve("fuzzingclient.json"),
                    AutobahnSpec.fuzzingClient(specServers, cases, excluded, "/reports/servers"), StandardCharsets.UTF_8);
            List<String> command = Docker.fuzzingClientCommand(image, Docker.currentUser(runner), configDir(), reportDir(),
                    "fuzzingclient.json");
            out.accept("weft autobahn: " + String.join(" ", command));
            int code = runner.run(command, RUN_TIMEOUT, line -> out.accept("  wstest: " + line));
            if (code != 0) {
                throw new IOException("the Autobahn fuzzing client " + (code < 0 ? "did not finish in time" : "exited with " + code));
            }
        } finally {
            servers.forEach(TesteeServer::close);
        }
        return AutobahnReport.read(reportDir().resolve("servers"));
    }

    /**
     * Tests the Weft client on every transport.
     *
     * @return the report of the run
     * @throws IOException if the fuzzing server does not start, a client run fails, or no report is written
     */
    public AutobahnReport clientSide() throws IOException {
        Files.createDirectories(configDir());
        Files.createDirectories(reportDir().resolve("clients"));
        String url = "ws://127.0.0.1:" + port;
        Files.writeString(configDir().resolve("fuzzingserver.json"),
                AutobahnSpec.fuzzingServer(url, cases, excluded, "/reports/clients"), StandardCharsets.UTF_8);
        String name = "weft-autobahn-fuzzingserver-" + ProcessHandle.current().pid();
        List<String> command = Docker.fuzzingServerCommand(image, name, Docker.currentUser(runner), configDir(), reportDir(),
                "fuzzingserver.json");
        out.accept("weft autobahn: " + String.join(" ", command));
        Process container = runner.start(command, line -> out.accept("  wstest: " + line));
        try {
            awaitListening(container);
            for (String transport : transports) {
                String agent = "weft-client-" + transport;
                TesteeClient.Outcome outcome = new TesteeClient(transport, CASE_TIMEOUT, out).run(URI.create(url), agent);
                outcome.problems().forEach(p -> out.accept("weft autobahn: " + agent + ": " + p));
            }
        } finally {
            runner.run(Docker.stopCommand(name), Duration.ofMinutes(1), line -> { });
            container.destroy();
        }
        return AutobahnReport.read(reportDir().resolve("clients"));
    }

    private void awaitListening(Process container) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!container.isAlive()) {
                throw new IOException("the Autobahn fuzzing server exited with " + container.exitValue() + " before listening");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the fuzzing server", e);
                }
            }
        }
        throw new IOException("the Autobahn fuzzing server did not listen on port " + port + " within "
                + START_TIMEOUT.toMinutes() + " minutes");
    }
}
