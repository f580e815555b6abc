package dev.weft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.conformance.autobahn.Docker;
import dev.weft.conformance.suite.CaseResult;
import dev.weft.conformance.suite.FuzzingServer;
import dev.weft.conformance.suite.SuiteMode;
import dev.weft.conformance.suite.Verdict;
import dev.weft.conformance.suite.cases.Catalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./weft autobahn}: arguments, the Docker run (with a stand-in for Docker), the native fallback, the testees. */
class AutobahnCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void restoreRunner() {
        AutobahnCommand.runner = new Docker.ProcessRunner();
    }

    private int run(String... args) {
        return AutobahnCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void badArgumentsPrintUsageAndExit2() {
        assertEquals(2, run("--side", "sideways"));
        assertTrue(err.toString().contains("--side must be server, client or both"), err.toString());
        assertTrue(err.toString().contains("Usage: weft autobahn"), err.toString());
        assertEquals(2, run("--transport", "carrier-pigeon"));
        assertTrue(err.toString().contains("unknown transport 'carrier-pigeon'; available: "), err.toString());
        assertEquals(2, run("--no-such-option"));
        assertEquals(2, run("--native", "--cases", "99.*"));
        assertTrue(err.toString().contains("no case of the native suite matches"), err.toString());
        assertEquals(2, run("testee-client"));
        assertTrue(err.toString().contains("Missing required option: '--url=URL'"), err.toString());
        assertEquals(2, run("testee-client", "--url", "http://localhost:9001"));
        assertTrue(err.toString().contains("--url must be ws://HOST:PORT"), err.toString());
        assertEquals(2, run("testee-server", "--port", "70000"));
        assertEquals(2, run("testee-server", "--transport", "carrier-pigeon"));
    }

    @Test
    void everyErrorLineNamesItsCommand() {
        assertEquals(2, run("--no-such-option"));
        assertTrue(err.toString().startsWith("weft autobahn: Unknown option: '--no-such-option'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("testee-client"));
        assertTrue(err.toString().startsWith("weft autobahn testee-client: Missing required option"), err.toString());
        assertTrue(err.toString().contains("Usage: weft autobahn testee-client"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("report"));
        assertTrue(err.toString().startsWith("weft autobahn report: Missing required parameter"), err.toString());
    }

    @Test
    void withoutDockerItSaysSoInOneLineAndRunsTheNativeSuite(@TempDir Path dir) {
        AutobahnCommand.runner = unavailable();
        int code = run("--cases", "1.1.1,2.1,7.1.1", "--transport", "nio", "--report-dir", dir.toString());
        String output = out.toString();
        assertEquals(0, code, output + err);
        List<String> lines = output.lines().toList();
        assertEquals("weft autobahn: Docker is not available here ('docker info' failed: Cannot connect to the Docker"
                + " daemon at unix:///var/run/docker.sock. Is the docker daemon running?); running the native suite instead.",
                lines.get(0));
        assertEquals(1, lines.stream().filter(l -> l.contains("Docker")).count());
        assertTrue(output.matches("(?s).*weft-server-nio +3 cases: +3 OK.*"), output);
        assertTrue(output.matches("(?s).*weft-client-nio +3 cases: +3 OK.*"), output);
        assertTrue(output.contains("weft autobahn: every case passed."), output);
        assertTrue(Files.isRegularFile(dir.resolve("conformance-report/index.html")));
        assertTrue(Files.isRegularFile(dir.resolve("conformance-report/index.json")));
    }

    @Test
    void nativeSkipsDockerAltogether(@TempDir Path dir) {
        AutobahnCommand.runner = new Docker.Runner() {
            @Override
            public int run(List<String> command, Duration timeout, Consumer<String> output) {
                throw new AssertionError("docker asked");
            }

            @Override
            public Process start(List<String> command, Consumer<String> output) {
                throw new AssertionError("docker asked");
            }
        };
        assertEquals(0, run("--native", "--side", "server", "--cases", "5.*", "--exclude-cases", "5.19,5.20",
                "--report-dir", dir.toString()), out.toString() + err);
        assertTrue(out.toString().contains("native suite, 18 cases"), out.toString());
    }

    @Test
    void dockerRunTestsServersAndClientsAndReadsBothReports(@TempDir Path dir) throws IOException {
        FakeDocker docker = new FakeDocker(null);
        AutobahnCommand.runner = docker;
        int port = freePort();
        int code = run("--transport", "nio", "--port", Integer.toString(port), "--report-dir", dir.toString());
        String output = out.toString();
        assertEquals(0, code, output + err);
        assertTrue(output.matches("(?s).*py-websockets-10.4 +247 cases: 232 OK, 12 NON-STRICT, +3 INFORMATIONAL, +0 FAILED.*"), output);
        assertTrue(output.matches("(?s).*weft-client-nio +3 cases: +3 OK.*"), output);
        assertTrue(output.contains("report: " + dir.resolve("autobahn-report/servers/index.html")), output);
        assertTrue(output.contains("report: " + dir.resolve("autobahn-report/clients/index.html")), output);
        assertTrue(Files.readString(dir.resolve("autobahn-config/fuzzingclient.json")).contains("\"weft-server-nio\""));
        assertTrue(Files.readString(dir.resolve("autobahn-config/fuzzingserver.json")).contains("ws://127.0.0.1:" + port));
        assertTrue(docker.commands.stream().anyMatch(c -> c.contains("fuzzingclient") && c.contains(Docker.DEFAULT_IMAGE)));
        assertTrue(docker.commands.stream().anyMatch(c -> c.contains("fuzzingserver") && c.contains("--name")));
        assertTrue(docker.commands.stream().anyMatch(c -> c.get(1).equals("stop")));
    }

    @Test
    void aFailedCaseInTheDockerReportIsListedAndExits1(@TempDir Path dir) {
        AutobahnCommand.runner = new FakeDocker("5.3");
        int code = run("--side", "server", "--port", Integer.toString(freePort()), "--report-dir", dir.toString());
        String output = out.toString();
        assertEquals(1, code, output + err);
        assertTrue(output.contains("case 5.3 (py-websockets-10.4): behavior FAILED, close OK"), output + err);
        assertTrue(output.contains("weft autobahn: some cases FAILED"), output + err);
    }

    @Test
    void testeeClientRunsEveryCaseOfAFuzzingServer() throws IOException {
        var cases = Catalogue.all(SuiteMode.QUICK).stream().filter(c -> List.of("1.2.3", "2.10", "6.2.3").contains(c.id())).toList();
        try (FuzzingServer fuzzer = new FuzzingServer(new InetSocketAddress("127.0.0.1", 0), cases, SuiteMode.QUICK, l -> { })) {
            fuzzer.start();
            int code = run("testee-client", "--url", "ws://127.0.0.1:" + fuzzer.port(), "--agent", "my agent");
            assertEquals(0, code, out.toString() + err);
            assertTrue(out.toString().contains("weft autobahn testee-client: done, 3 cases as 'my agent'"), out.toString());
            List<CaseResult> results = fuzzer.results("my agent", Duration.ofSeconds(5));
            assertEquals(3, results.size());
            results.forEach(r -> assertEquals(Verdict.OK, r.verdict(), r.details()));
        }
    }

    @Test
    void testeeClientSaysWhenThereIsNoFuzzingServer() {
        assertEquals(1, run("testee-client", "--url", "ws://127.0.0.1:" + freePort()));
        assertTrue(err.toString().startsWith("weft autobahn testee-client: "), err.toString());
    }

    @Test
    void reportJudgesAReportDirectory() {
        assertEquals(0, run("report", SampleReport.dir().toString()));
        assertTrue(out.toString().contains("every case passed."), out.toString());
        assertEquals(1, run("report", "/nonexistent"));
        assertTrue(err.toString().contains("index.json is missing"), err.toString());
    }

    private static Docker.Runner unavailable() {
        return new Docker.Runner() {
            @Override
            public int run(List<String> command, Duration timeout, Consumer<String> output) {
                output.accept("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
                return 1;
            }

            @Override
            public Process start(List<String> command, Consumer<String> output) {
                throw new AssertionError("not expected");
            }
        };
    }

    /**
     * A free port whose next one is free too: a run on both transports listens on {@code port}
     * and {@code port + 1}, and on a busy machine the next port is often someone else's.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0); ServerSocket next = new ServerSocket()) {
                int port = s.getLocalPort();
                if (port == 65535) {
                    continue;
                }
                next.bind(new InetSocketAddress(port + 1));
                return port;
            } catch (IOException taken) {
                // the next port is in use: try another pair
            }
        }
        throw new AssertionError("no two consecutive free ports in 50 attempts");
    }
}
