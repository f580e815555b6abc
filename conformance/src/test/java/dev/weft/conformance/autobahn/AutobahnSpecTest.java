package dev.weft.conformance.autobahn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.conformance.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The spec files and docker commands of the Autobahn run. */
class AutobahnSpecTest {

    @Test
    void fuzzingClientSpecNamesEveryServer() {
        String json = AutobahnSpec.fuzzingClient(
                List.of(new AutobahnSpec.Server("weft-server-nio", "ws://127.0.0.1:9001"),
                        new AutobahnSpec.Server("weft-server-loom", "ws://127.0.0.1:9002")),
                List.of("*"), List.of("9.*"), "/reports/servers");
        Map<?, ?> spec = (Map<?, ?>) Json.parse(json);
        assertEquals("/reports/servers", spec.get("outdir"));
        assertEquals(List.of(Map.of("agent", "weft-server-nio", "url", "ws://127.0.0.1:9001"),
                Map.of("agent", "weft-server-loom", "url", "ws://127.0.0.1:9002")), spec.get("servers"));
        assertEquals(List.of("*"), spec.get("cases"));
        assertEquals(List.of("9.*"), spec.get("exclude-cases"));
        assertEquals(Map.of(), spec.get("exclude-agent-cases"));
    }

    @Test
    void fuzzingServerSpecSaysWhereToListen() {
        Map<?, ?> spec = (Map<?, ?>) Json.parse(AutobahnSpec.fuzzingServer("ws://127.0.0.1:9001", List.of("1.*", "6.4.*"),
                List.of(), "/reports/clients"));
        assertEquals("ws://127.0.0.1:9001", spec.get("url"));
        assertEquals("/reports/clients", spec.get("outdir"));
        assertEquals(List.of("1.*", "6.4.*"), spec.get("cases"));
        assertEquals(List.of(), spec.get("exclude-cases"));
    }

    @Test
    void fuzzingClientCommandRunsOnTheHostNetworkWithBothMounts() {
        List<String> c = Docker.fuzzingClientCommand("crossbario/autobahn-testsuite:0.8.2", "1000:1000",
                Path.of("/tmp/cfg"), Path.of("/tmp/rep"), "fuzzingclient.json");
        assertEquals(List.of("docker", "run", "--rm", "--user", "1000:1000", "--network", "host",
                "--volume", "/tmp/cfg:/config:ro", "--volume", "/tmp/rep:/reports",
                "crossbario/autobahn-testsuite:0.8.2", "wstest", "--mode", "fuzzingclient",
                "--spec", "/config/fuzzingclient.json"), c);
    }

    @Test
    void fuzzingServerCommandIsNamedSoItCanBeStopped() {
        List<String> c = Docker.fuzzingServerCommand("img", "weft-ab", null, Path.of("/c"), Path.of("/r"), "fuzzingserver.json");
        assertEquals(List.of("docker", "run", "--rm", "--name", "weft-ab", "--network", "host",
                "--volume", "/c:/config:ro", "--volume", "/r:/reports",
                "img", "wstest", "--mode", "fuzzingserver", "--spec", "/config/fuzzingserver.json"), c);
        assertEquals(List.of("docker", "stop", "--time", "5", "weft-ab"), Docker.stopCommand("weft-ab"));
    }

    @Test
    void relativeDirectoriesAreMountedAbsolute() {
        List<String> c = Docker.fuzzingClientCommand("img", null, Path.of("cfg"), Path.of("rep"), "s.json");
        assertTrue(c.stream().anyMatch(a -> a.startsWith("/") && a.endsWith("/cfg:/config:ro")), c.toString());
    }

    @Test
    void dockerIsUnavailableWhenInfoFails() {
        Docker.Availability a = Docker.check(fake(1, "Client: Docker Engine", "Cannot connect to the Docker daemon at"
                + " unix:///var/run/docker.sock. Is the docker daemon running?"));
        assertFalse(a.available());
        assertEquals("'docker info' failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock."
                + " Is the docker daemon running?", a.reason());
        assertTrue(Docker.check(fake(0, "28.2.2")).available());
        assertFalse(Docker.check(fake(-1)).available());
        Docker.Availability missing = Docker.check(new Docker.Runner() {
            @Override
            public int run(List<String> command, Duration timeout, Consumer<String> output) throws IOException {
                throw new IOException("Cannot run program \"docker\": error=2, No such file or directory");
            }

            @Override
            public Process start(List<String> command, Consumer<String> output) throws IOException {
                throw new IOException("no");
            }
        });
        assertTrue(missing.reason().startsWith("no 'docker' command"), missing.reason());
    }

    @Test
    void theRealRunnerReportsWhatItRan() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = new Docker.ProcessRunner().run(List.of("sh", "-c", "echo one; echo two >&2; exit 3"), Duration.ofSeconds(10),
                lines::add);
        assertEquals(3, code);
        assertEquals(java.util.Set.of("one", "two"), new java.util.HashSet<>(lines));
    }

    private static Docker.Runner fake(int code, String... lines) {
        return new Docker.Runner() {
            @Override
            public int run(List<String> command, Duration timeout, Consumer<String> output) {
                assertEquals("docker", command.get(0));
                assertEquals("info", command.get(1));
                for (String l : lines) {
                    output.accept(l);
                }
                return code;
            }

            @Override
            public Process start(List<String> command, Consumer<String> output) {
                throw new AssertionError("not expected");
            }
        };
    }
}
