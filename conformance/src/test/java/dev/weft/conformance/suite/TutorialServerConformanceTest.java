package dev.weft.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.spi.Transports;
import dev.weft.conformance.suite.cases.Catalogue;
import dev.weft.server.WeftServer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue against the server users run, {@code ./weft server}'s {@code /websocket} echo,
 * on every transport — not only against the conformance module's own testee.
 */
@Timeout(300)
class TutorialServerConformanceTest {

    static Stream<String> transports() {
        return Transports.available().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void noCaseFailsAgainstTheTutorialServer(String transport) throws Exception {
        SuiteMode mode = SuiteMode.named("quick");
        try (WeftServer server = WeftServer.tutorial().host("127.0.0.1").port(0).transport(transport)
                .deflate().log(line -> { }).build().start()) {
            List<CaseResult> results = new FuzzingClient(server.webSocketUri("/websocket"), mode)
                    .run(Catalogue.all(mode), line -> { });
            String failed = results.stream().filter(r -> r.verdict() == Verdict.FAILED)
                    .map(CaseResult::details).collect(Collectors.joining("\n"));
            assertEquals("", failed, "FAILED cases against the tutorial server on " + transport);
            assertEquals(Catalogue.all(mode).size(), results.size());
        }
    }
}
