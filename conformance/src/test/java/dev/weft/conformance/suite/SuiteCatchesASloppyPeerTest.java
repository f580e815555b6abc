package dev.weft.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.conformance.suite.cases.Catalogue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The suite fails a peer that breaks the rules: a server that echoes every frame and never fails a connection. */
class SuiteCatchesASloppyPeerTest {

    /** Short deadlines: a sloppy peer makes the fuzzer wait for failures that never come. */
    private static final SuiteMode FAST = new SuiteMode("test", 16, 10, Duration.ofMillis(100), Duration.ofMillis(10),
            Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(5));

    @Test
    void sloppyServerFailsTheRuleCasesAndPassesTheEchoCases() throws Exception {
        List<String> ids = List.of("1.1.1", "2.2", "3.1", "4.1.1", "5.9", "6.3.1", "7.9.1");
        List<CaseSpec> cases = Catalogue.all(FAST).stream().filter(c -> ids.contains(c.id())).toList();
        try (SloppyEchoServer server = new SloppyEchoServer()) {
            List<CaseResult> results = new FuzzingClient(URI.create("ws://127.0.0.1:" + server.port() + "/"), FAST)
                    .run(cases, line -> { });
            Map<String, CaseResult> byId = results.stream().collect(Collectors.toMap(CaseResult::id, Function.identity()));
            assertEquals(Verdict.OK, byId.get("1.1.1").verdict(), byId.get("1.1.1").details());
            assertEquals(Verdict.OK, byId.get("2.2").verdict(), byId.get("2.2").details());
            for (String id : List.of("3.1", "4.1.1", "5.9", "6.3.1", "7.9.1")) {
                assertEquals(Verdict.FAILED, byId.get(id).verdict(), id + " passed against a sloppy server");
            }
            assertTrue(byId.get("3.1").violations().stream().anyMatch(v -> v.contains("RSV")), byId.get("3.1").details());
            assertTrue(byId.get("6.3.1").violations().stream().anyMatch(v -> v.contains("UTF-8")), byId.get("6.3.1").details());
            assertTrue(byId.get("7.9.1").violations().stream().anyMatch(v -> v.contains("close code 0")), byId.get("7.9.1").details());
            assertTrue(byId.get("5.9").resultClose().contains("did not fail"), byId.get("5.9").details());
        }
    }
}
