package dev.weft.server.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.frame.CloseCode;
import dev.weft.server.Subprotocol;
import dev.weft.server.WeftServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's assembly budget on a real socket (RFC 6455 §7.4.1, 1013 "Try Again Later"): a peer
 * whose unfinished message would take the server's unfinished messages past the budget is told so
 * with 1013 and dropped, while the peer that got there first keeps its place; when a peer leaves,
 * its share comes back, and the next can send its whole message and have it echoed.
 */
@Timeout(30)
class AssemblyBudgetTest {

    private static final int SIZE = 600_000;

    @ParameterizedTest
    @ValueSource(strings = {"nio", "loom"})
    void aPeerPastTheBudgetIsToldToTryAgainLaterAndALeaverGivesItsShareBack(String transport) throws Exception {
        try (WeftServer server = WeftServer.builder().host("127.0.0.1").port(0).transport(transport).threads(1)
                .webSocket("/echo", Subprotocol.echo()).assemblyBudget(1_000_000).build().start()) {
            int port = server.port();
            RawPeer first = RawPeer.open(port, "/echo");
            first.sendHeader(false, 0x2, SIZE);
            first.sendBytes(new byte[1_000]);
            awaitHeld(server, SIZE);
            assertEquals(SIZE, server.assemblyBudget().held(), "the first peer's message, as announced");

            try (RawPeer second = RawPeer.open(port, "/echo")) {
                second.sendHeader(false, 0x2, SIZE);
                second.sendBytes(new byte[1_000]);
                assertEquals(CloseCode.TRY_AGAIN_LATER, second.awaitClose());
            }
            assertFalse(first.wasAnswered(), "the first peer keeps its place");

            first.close();
            awaitHeld(server, 0);
            assertEquals(0, server.assemblyBudget().held(), "a peer that leaves gives its share back");

            try (RawPeer third = RawPeer.open(port, "/echo")) {
                third.sendHeader(false, 0x2, SIZE);
                third.sendBytes(new byte[SIZE]);
                third.sendFrame(true, 0x0, new byte[0]);
                RawPeer.Frame echo = third.readFrame();
                assertEquals(0x2, echo.opcode());
                assertEquals(SIZE, echo.payload().length);
            }
            assertTrue(server.assemblyBudget().held() <= 64 * 1024, "at most a small buffer kept for reuse");
        }
    }

    private static void awaitHeld(WeftServer server, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.assemblyBudget().held() != bytes && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
