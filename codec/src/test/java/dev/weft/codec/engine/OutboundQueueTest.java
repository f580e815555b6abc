package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.engine.ProtocolEvent.ProtocolFailure;
import dev.weft.codec.frame.AssemblyBudget;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue's bounds (RFC 6455 §10.4 asks for limits on what a peer can make an endpoint
 * hold): each queued output counts its bytes plus a per-output overhead, so the water marks bound
 * memory for tiny messages too, and a send past the hard limit does what the application chose:
 * refuse the send, or fail the connection with 1008 or 1013 (§7.4.1), the peer told why.
 */
class OutboundQueueTest {

    private static WebSocketProtocol engine(long high, long low, long max, QueueOverflow policy) {
        return new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER).withOutboundLimits(high, low, max).withOverflow(policy));
    }

    @Test
    void tinyMessagesReachTheHighWaterMarkByWhatTheyCostNotByTheirBytes() {
        WebSocketProtocol engine = engine(1024 * 1024, 256 * 1024, 4L * 1024 * 1024, QueueOverflow.REFUSE_SEND);
        int sent = 0;
        while (engine.isWritable()) {
            engine.sendBinary(ByteBuffer.wrap(new byte[] {1}));
            sent++;
        }
        // 3 bytes of frame each; by bytes alone, 1 MiB would take 349,526 of them.
        long perOutput = 3 + ProtocolConfig.QUEUED_OUTPUT_OVERHEAD;
        assertEquals((1024 * 1024 + perOutput - 1) / perOutput, sent);
        assertEquals(sent * perOutput, engine.queuedBytes());
    }

    @Test
    void theHardLimitBoundsHowManyTinyMessagesQueue() {
        WebSocketProtocol engine = engine(256 * 1024, 64 * 1024, 1024 * 1024, QueueOverflow.REFUSE_SEND);
        int queued = 0;
        for (int i = 0; i < 100_000; i++) {
            if (!engine.sendBinary(ByteBuffer.wrap(new byte[] {1})).isCompletedExceptionally()) {
                queued++;
            }
        }
        assertTrue(engine.queuedBytes() <= 1024 * 1024, "at most the limit: " + engine.queuedBytes());
        assertEquals(1024 * 1024 / (3 + ProtocolConfig.QUEUED_OUTPUT_OVERHEAD), queued);
        assertEquals(ConnectionState.OPEN, engine.state(), "refusing a send leaves the connection open");
    }

    @Test
    void pollingGivesBackWhatQueueingCounted() {
        WebSocketProtocol engine = engine(1000, 500, 100_000, QueueOverflow.REFUSE_SEND);
        for (int i = 0; i < 50; i++) {
            engine.sendText("x".repeat(i));
        }
        while (engine.pollOutput() != null) {
            // drained
        }
        assertEquals(0, engine.queuedBytes());
        assertTrue(engine.isWritable());
    }

    @Test
    void closeWithPolicyViolationDropsTheQueueAndSends1008() {
        assertOverflowCloses(QueueOverflow.CLOSE_POLICY_VIOLATION, CloseCode.POLICY_VIOLATION);
    }

    @Test
    void closeWithTryAgainLaterDropsTheQueueAndSends1013() {
        assertOverflowCloses(QueueOverflow.CLOSE_TRY_AGAIN_LATER, CloseCode.TRY_AGAIN_LATER);
    }

    private static void assertOverflowCloses(QueueOverflow policy, int code) {
        WebSocketProtocol engine = engine(2000, 1000, 5000, policy);
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(engine.sendBinary(ByteBuffer.allocate(1000)));
        }
        CompletableFuture<Void> over = engine.sendBinary(ByteBuffer.allocate(1000));
        CompletionException e = assertThrows(CompletionException.class, over::join);
        assertEquals(SendRefusedException.Reason.QUEUE_FULL, ((SendRefusedException) e.getCause()).reason());
        for (CompletableFuture<Void> f : queued) {
            assertTrue(f.isCompletedExceptionally(), "what the peer will never read is dropped");
        }
        Outbound close = engine.pollOutput();
        assertEquals(null, engine.pollOutput(), "the close frame alone is left");
        ByteBuffer frame = close.buffers()[0];
        int at = frame.position();
        assertEquals(0x88, frame.get(at) & 0xff, "a close frame, unmasked from a server");
        assertEquals(code, ((frame.get(at + 2) & 0xff) << 8) | (frame.get(at + 3) & 0xff), "the peer is told why");
        assertTrue(engine.shouldCloseTransport());
        assertEquals(ConnectionState.CLOSED, engine.state());
        assertInstanceOf(ProtocolFailure.class, engine.nextEvent());
        Closed closed = assertInstanceOf(Closed.class, engine.nextEvent());
        assertEquals(code, closed.code());
        assertFalse(closed.remote());
        assertTrue(engine.sendText("later").isCompletedExceptionally(), "nothing follows the close frame");
    }

    @Test
    void closingGivesTheAssemblyBufferBackToTheBudget() {
        AssemblyBudget budget = AssemblyBudget.of(1_000_000);
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER).withAssemblyBudget(budget));
        byte[] frame = Wire.client(true, dev.weft.codec.frame.Opcode.BINARY, new byte[500_000]);
        engine.receive(ByteBuffer.wrap(frame, 0, 1000));
        assertEquals(500_000, budget.held());
        engine.receiveEof();
        assertEquals(0, budget.held(), "an unfinished message of a dropped peer holds nothing");
    }
}
