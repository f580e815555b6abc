package dev.weft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.conformance.autobahn.Docker;
import dev.weft.conformance.json.Json;
import dev.weft.conformance.suite.CaseResult;
import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.FuzzingClient;
import dev.weft.conformance.suite.FuzzingServer;
import dev.weft.conformance.suite.SuiteMode;
import dev.weft.conformance.suite.SuiteReport;
import dev.weft.conformance.suite.SuiteRun;
import dev.weft.conformance.suite.Verdict;
import dev.weft.conformance.suite.cases.Catalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stands in for Docker and the Autobahn image: the fuzzing client checks that every testee server
 * in its spec answers a few cases, then "writes" the real sample report; the fuzzing server is
 * Weft's own, run in-process on the spec's port, and its results become the client report when
 * the container is stopped.
 */
final class FakeDocker implements Docker.Runner {
    final List<List<String>> commands = new ArrayList<>();
    private final String failCase;
    private FuzzingServer fuzzingServer;
    private Path clientReports;

    /**
     * @param failCase a case to mark FAILED in the server report, or {@code null}
     */
    FakeDocker(String failCase) {
        this.failCase = failCase;
    }

    @Override
    public int run(List<String> command, Duration timeout, Consumer<String> output) throws IOException {
        commands.add(command);
        if (command.get(0).equals("id")) {
            output.accept("1000");
            return 0;
        }
        if (command.get(1).equals("info")) {
            output.accept("28.2.2");
            return 0;
        }
        if (command.get(1).equals("stop")) {
            List<SuiteRun> runs = new ArrayList<>();
            for (String agent : fuzzingServer.agents()) {
                runs.add(new SuiteRun(agent, "client", "nio", "quick", fuzzingServer.results(agent, Duration.ofSeconds(5)), 1));
            }
            SuiteReport.write(clientReports, runs);
            fuzzingServer.close();
            return 0;
        }
        if (command.contains("fuzzingclient")) {
            Map<?, ?> spec = spec(command);
            List<CaseSpec> cases = Catalogue.all(SuiteMode.QUICK).stream().filter(c -> List.of("1.1.1", "2.1").contains(c.id())).toList();
            for (Object s : (List<?>) spec.get("servers")) {
                String url = (String) ((Map<?, ?>) s).get("url");
                output.accept("Running test cases against " + url);
                for (CaseResult r : new FuzzingClient(URI.create(url), SuiteMode.QUICK).run(cases, l -> { })) {
                    assertEquals(Verdict.OK, r.verdict(), r.details());
                }
            }
            Path servers = mount(command, "/reports").resolve("servers");
            Files.createDirectories(servers);
            try (var files = Files.list(SampleReport.dir())) {
                for (Path p : files.toList()) {
                    Files.copy(p, servers.resolve(p.getFileName()));
                    servers.resolve(p.getFileName()).toFile().setWritable(true);
                }
            }
            if (failCase != null) {
                Path index = servers.resolve("index.json");
                String text = Files.readString(index).replaceFirst(
                        "(\"" + failCase.replace(".", "\\.") + "\": \\{\\s*\"behavior\": )\"OK\"", "$1\"FAILED\"");
                Files.writeString(index, text);
            }
            return 0;
        }
        throw new AssertionError("unexpected command " + command);
    }

    @Override
    public Process start(List<String> command, Consumer<String> output) throws IOException {
        commands.add(command);
        Map<?, ?> spec = spec(command);
        URI url = URI.create((String) spec.get("url"));
        clientReports = mount(command, "/reports").resolve("clients");
        List<CaseSpec> cases = Catalogue.all(SuiteMode.QUICK).stream().filter(c -> List.of("1.1.1", "5.6", "7.1.1").contains(c.id())).toList();
        fuzzingServer = new FuzzingServer(new InetSocketAddress("127.0.0.1", url.getPort()), cases, SuiteMode.QUICK, output);
        fuzzingServer.start();
        return new FakeProcess();
    }

    private static Map<?, ?> spec(List<String> command) throws IOException {
        Path config = mount(command, "/config:ro");
        String file = command.get(command.size() - 1).substring("/config/".length());
        return (Map<?, ?>) Json.parse(Files.readString(config.resolve(file)));
    }

    /** The host side of the volume mounted at {@code target}. */
    private static Path mount(List<String> command, String target) {
        for (String a : command) {
            if (a.endsWith(":" + target)) {
                return Path.of(a.substring(0, a.length() - target.length() - 1));
            }
        }
        throw new AssertionError("no volume for " + target + " in " + command);
    }

    /** A container that runs until stopped. */
    private static final class FakeProcess extends Process {
        private volatile boolean alive = true;

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            while (alive) {
                Thread.sleep(10);
            }
            return 0;
        }

        @Override
        public int exitValue() {
            if (alive) {
                throw new IllegalThreadStateException("running");
            }
            return 0;
        }

        @Override
        public void destroy() {
            alive = false;
        }

        @Override
        public boolean isAlive() {
            return alive;
        }
    }
}
