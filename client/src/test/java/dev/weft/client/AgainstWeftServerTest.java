package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.spi.Transports;
import dev.weft.server.WeftServer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./weft client} against {@code ./weft server}'s own routes, every client transport
 * against every server transport: what a user does in the quick start.
 */
@Timeout(60)
class AgainstWeftServerTest {

    static Stream<String> transports() {
        return Transports.available().stream();
    }

    @ParameterizedTest(name = "server {0}")
    @MethodSource("transports")
    void echoReverseAndCounterOnTheTutorialServer(String serverTransport) throws Exception {
        try (WeftServer server = WeftServer.tutorial().host("127.0.0.1").port(0).transport(serverTransport)
                .log(line -> { }).build().start()) {
            String url = server.webSocketUri("/websocket").toString();
            for (String client : Transports.available()) {
                assertEquals(new ClientCommandTest.Run(0, "GOT ECHO REPLY: [hello]\n", ""),
                        ClientCommandTest.run("-url", url, "--transport", client), "client " + client);
                assertEquals(new ClientCommandTest.Run(0, "GOT MESSAGE (reverse): [!dlrow ,olleH]\nGOT MESSAGE (reverse): [😀bña]\n", ""),
                        ClientCommandTest.run("-url", url, "--transport", client, "-subprotocol", "reverse", "Hello, world!", "añb😀"));
                assertEquals(new ClientCommandTest.Run(0, "GOT ECHO REPLY: [hi]\n", ""),
                        ClientCommandTest.run("-url", url, "--transport", client, "-subprotocol", "echo", "hi"));
                // The counter is pushed whatever is sent: each line is a counter value, never an echo.
                ClientCommandTest.Run ticks = ClientCommandTest.run("-url", url, "--transport", client,
                        "-subprotocol", "dumb-increment-protocol", "hello", "reset");
                assertEquals(0, ticks.code(), ticks.err());
                assertTrue(ticks.out().matches("(GOT MESSAGE \\(dumb-increment-protocol\\): \\[\\d+\\]\n){2}"), ticks.out());
                String large = "ü".repeat(300_000);
                assertEquals("GOT ECHO REPLY: [" + large + "]\n", ClientCommandTest.run("-url", url, "--transport", client, large).out());
            }
        }
    }
}
