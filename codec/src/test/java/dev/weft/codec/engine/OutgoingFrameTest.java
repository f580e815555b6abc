package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Role;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the engine builds outgoing frames (RFC 6455 §5.2 framing, §5.3 masking) in buffers from a
 * transport's {@link OutputPool}: one copy of the payload, made before the send returns; direct
 * buffers that go back to the pool once written; frames longer than the pool's largest buffer
 * spread over several; and sends without a completion stage that allocate nothing and still
 * report every failure.
 */
class OutgoingFrameTest {

    private final OutputPool pool = OutputPool.direct();
    private final List<Throwable> failures = new ArrayList<>();

    private WebSocketProtocol engine(Role role) {
        WebSocketProtocol p = new WebSocketProtocol(ProtocolConfig.defaults(role), List.of(), () -> 0x01020304);
        p.useOutput(pool, failures::add);
        return p;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 125, 126, 1024, 65535, 65536, OutputPool.MAX_BUFFER, 3 * OutputPool.MAX_BUFFER + 7})
    void aFrameIsHeaderThenPayloadInDirectPooledBuffersWhateverItsLength(int length) {
        byte[] payload = pattern(length);
        ByteBuffer data = ByteBuffer.wrap(payload.clone());
        WebSocketProtocol server = engine(Role.SERVER);
        server.sendBinary(data);
        java.util.Arrays.fill(data.array(), (byte) 0x77); // overwritten at once: the frame must not care
        Outbound out = server.pollOutput();
        for (ByteBuffer b : out.buffers()) {
            assertTrue(b.isDirect(), "a pooled frame is in direct memory");
            assertTrue(b.remaining() <= OutputPool.MAX_BUFFER);
        }
        byte[] wire = concat(out);
        int header = FrameHeader.encodedLength(length, false);
        assertEquals(header + length, wire.length);
        assertEquals((byte) 0x82, wire[0]);
        assertArrayEquals(payload, java.util.Arrays.copyOfRange(wire, header, wire.length));
        out.complete();
    }

    @Test
    void aClientMasksTheCopyAndLeavesTheCallersBytesAlone() {
        byte[] payload = pattern(300);
        ByteBuffer data = ByteBuffer.wrap(payload.clone());
        WebSocketProtocol client = engine(Role.CLIENT);
        client.sendBinary(data);
        assertArrayEquals(payload, data.array());
        assertEquals(0, data.position());
        byte[] wire = concat(client.pollOutput());
        int header = FrameHeader.encodedLength(300, true);
        byte[] key = {1, 2, 3, 4};
        for (int i = 0; i < 300; i++) {
            assertEquals(payload[i], (byte) (wire[header + i] ^ key[i & 3]), "byte " + i);
        }
    }

    @Test
    void aWrittenFramesBufferAndShellCarryTheNextFrame() {
        WebSocketProtocol server = engine(Role.SERVER);
        server.sendBinary(ByteBuffer.wrap(pattern(1000)));
        Outbound first = server.pollOutput();
        ByteBuffer firstBuffer = first.buffers()[0];
        first.complete();
        server.sendBinary(ByteBuffer.wrap(pattern(900)));
        Outbound second = server.pollOutput();
        assertSame(first, second, "the shell came back from the pool");
        assertSame(firstBuffer, second.buffers()[0], "so did the buffer");
        assertEquals(4 + 900, second.buffers()[0].remaining());
    }

    @Test
    void smallOffersOneAfterAnotherArePackedIntoOneBufferInOrder() {
        WebSocketProtocol server = engine(Role.SERVER);
        for (int i = 0; i < 5; i++) {
            assertTrue(server.offerBinary(ByteBuffer.wrap(pattern(16 + i))));
        }
        Outbound out = server.pollOutput();
        assertNull(server.pollOutput(), "all five share the first output");
        assertEquals(1, out.buffers().length);
        assertTrue(out.buffers()[0].isDirect());
        byte[] wire = concat(out);
        int at = 0;
        for (int i = 0; i < 5; i++) {
            int length = 16 + i;
            assertEquals((byte) 0x82, wire[at], "frame " + i);
            assertEquals(length, wire[at + 1], "frame " + i);
            assertArrayEquals(pattern(length), java.util.Arrays.copyOfRange(wire, at + 2, at + 2 + length));
            at += 2 + length;
        }
        assertEquals(wire.length, at);
        out.complete();
    }

    @Test
    void aPackedOutputThatIsNeverWrittenReportsEachOfItsMessages() {
        WebSocketProtocol server = engine(Role.SERVER);
        for (int i = 0; i < 3; i++) {
            server.offerBinary(ByteBuffer.wrap(pattern(10)));
        }
        Outbound out = server.pollOutput();
        RuntimeException cause = new RuntimeException("connection ended");
        out.fail(cause);
        assertEquals(List.of(cause, cause, cause), failures, "one report per accepted message");
    }

    @Test
    void onlyFramesThatFitAndThatNobodyAwaitsArePackedAndNeverIntoPolledOutput() {
        WebSocketProtocol server = engine(Role.SERVER);
        server.offerBinary(ByteBuffer.wrap(pattern(100)));
        server.offerBinary(ByteBuffer.wrap(pattern(100))); // 2 x 102 B: more than the 128 B class holds
        server.sendBinary(ByteBuffer.wrap(pattern(8)));     // has a stage: its own output
        server.offerBinary(ByteBuffer.wrap(pattern(8)));    // behind a staged send: its own output
        assertEquals(102, server.pollOutput().remaining());
        assertEquals(102, server.pollOutput().remaining());
        assertEquals(10, server.pollOutput().remaining());
        Outbound polled = server.pollOutput();
        assertEquals(10, polled.remaining());
        server.offerBinary(ByteBuffer.wrap(pattern(8)));
        assertEquals(10, polled.remaining(), "a polled output belongs to the transport now");
        assertEquals(10, server.pollOutput().remaining());
    }

    @Test
    void withoutAPoolEachFrameGetsItsOwnHeapBuffer() {
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        server.sendBinary(ByteBuffer.wrap(pattern(3 * OutputPool.MAX_BUFFER)));
        Outbound out = server.pollOutput();
        assertEquals(1, out.buffers().length);
        assertFalse(out.buffers()[0].isDirect());
        out.complete();
        server.sendBinary(ByteBuffer.wrap(pattern(10)));
        assertFalse(out == server.pollOutput(), "nothing is recycled without a pool");
    }

    @Test
    void anOfferIsRefusedOnceTheCloseFrameIsQueued() {
        WebSocketProtocol server = engine(Role.SERVER);
        assertTrue(server.offerBinary(ByteBuffer.wrap(pattern(10))));
        server.close(1000, "");
        assertFalse(server.offerBinary(ByteBuffer.wrap(pattern(10))));
        assertTrue(failures.isEmpty(), "a refusal is the return value, not a report");
    }

    @Test
    void anAcceptedOfferThatIsNeverWrittenIsReported() {
        WebSocketProtocol server = engine(Role.SERVER);
        assertTrue(server.offerBinary(ByteBuffer.wrap(pattern(10))));
        server.receiveEof(); // the connection dies with the message still queued
        assertEquals(1, failures.size());
        assertInstanceOf(SendRefusedException.class, failures.get(0));
        assertNull(server.pollOutput());
    }

    @Test
    void anOfferPolledAndFailedByTheTransportIsReported() {
        WebSocketProtocol server = engine(Role.SERVER);
        server.offerBinary(ByteBuffer.wrap(pattern(10)));
        server.pollOutput().fail(new SendRefusedException(SendRefusedException.Reason.CLOSED, "reset"));
        assertEquals(1, failures.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 1024, 64 * 1024})
    void offeringAndWritingAllocatesNothingOnceWarm(int size) {
        WebSocketProtocol server = engine(Role.SERVER);
        ByteBuffer data = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < 20_000; i++) {
            roundTrip(server, data);
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        int rounds = 10_000;
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < rounds; i++) {
            roundTrip(server, data);
        }
        long perMessage = (mx.getThreadAllocatedBytes(thread) - before) / rounds;
        assertEquals(0, perMessage, "bytes allocated per message of " + size + " B");
    }

    /**
     * A send with a completion stage allocates that stage and nothing more: one
     * {@code CompletableFuture} (24 bytes with compressed references), completed without another.
     * The transports' allocation tests cannot see a difference this small through the JDK's own
     * park and wake of a reader; here, on one thread, it is exact.
     */
    @ParameterizedTest
    @ValueSource(ints = {16, 1024})
    void aStagedSendAllocatesItsStageAlone(int size) {
        WebSocketProtocol server = engine(Role.SERVER);
        ByteBuffer data = ByteBuffer.allocateDirect(size);
        Runnable staged = () -> {
            server.sendBinary(data.clear());
            Outbound out = server.pollOutput();
            out.buffers()[0].position(out.buffers()[0].limit()); // as a socket write would
            out.complete();
        };
        for (int i = 0; i < 20_000; i++) {
            staged.run();
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        int rounds = 10_000;
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < rounds; i++) {
            staged.run();
        }
        long perMessage = (mx.getThreadAllocatedBytes(thread) - before) / rounds;
        // The stage (24 B); a second stage would add 24 more, a copy of the payload its size.
        assertTrue(perMessage <= 24, "a staged send of " + size + " B allocated " + perMessage + " B");
    }

    private static void roundTrip(WebSocketProtocol server, ByteBuffer data) {
        if (!server.offerBinary(data)) {
            throw new AssertionError("refused");
        }
        Outbound out = server.pollOutput();
        out.buffers()[0].position(out.buffers()[0].limit()); // as a socket write would
        out.complete();
    }

    private static byte[] concat(Outbound out) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteBuffer b : out.buffers()) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            all.writeBytes(a);
        }
        return all.toByteArray();
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
