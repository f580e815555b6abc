package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle scale opens in two steps: the generator opens twice, and each step exchanges its own message. */
class LoadGeneratorIdleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void openingTwiceSendsOneMessageOnEachNewConnectionOnly() throws Exception {
        try (TcpEchoServer server = TcpEchoServer.start(0);
             LoadGenerator generator = new LoadGenerator(new EchoTarget("tcp-echo", "127.0.0.1", server.port(), false),
                     MessageFrame.of(64, true), 0, 2)) {
            generator.open(3, 2, TIMEOUT);
            generator.sendOnce();
            generator.drain(TIMEOUT);
            assertEquals(3, generator.verified());

            generator.open(4, 2, TIMEOUT);
            assertEquals(7, generator.openConnections());
            generator.sendOnce();
            generator.drain(TIMEOUT);
            assertEquals(7, generator.verified(), "the first three sent again, or a new one did not send");

            generator.sendOnce();
            generator.drain(TIMEOUT);
            assertEquals(7, generator.verified(), "no connection opened since, so nothing is sent");
        }
    }
}
