package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.Role;
import dev.weft.codec.internal.HandlerDispatch;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's receive path, as a transport drives it, allocates nothing per binary message in
 * steady state (RFC 6455 §5.6 data frames, whole in one read): bytes into a reused direct read
 * buffer, {@link WebSocketProtocol#receive}, {@link WebSocketProtocol#nextEvent()} until it
 * returns {@code null}, each event through {@link HandlerDispatch} to a handler that reads every
 * byte. Measured with the thread's allocation counter over many reads after a warm-up. A copy per
 * message, an event record per message or a buffer slice per message each show in every round;
 * this test failed on all three before messages were lent as views.
 */
class ReceiveAllocationTest {

    /**
     * JFR stays initialized once a recording has run in a JVM, as it has in many a server; the
     * engine must still make no event per message while no recording takes them.
     */
    @BeforeAll
    static void aRecordingHasComeAndGone() {
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.start();
        }
    }

    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 1_000;
    private static final int ROUNDS = 5;
    /** Room for a stray one-time object; anything per message is far above it over 1,000 reads. */
    private static final long TOLERANCE = 64;

    /** Adds up every byte it is lent, so that the JIT cannot skip reading the message. */
    private static final class Summing implements WebSocketHandler {
        long sum;
        int messages;
        int textChars;

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            messages++;
            for (int i = data.position(); i < data.limit(); i++) {
                sum += data.get(i);
            }
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            messages++;
            textChars += text.length();
        }
    }

    /** The encoded frames of {@code count} messages of {@code size} bytes, as {@code from} sends them. */
    private static byte[] frames(Role from, int size, int count, boolean text) {
        WebSocketProtocol sender = new WebSocketProtocol(ProtocolConfig.defaults(from));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 0; n < count; n++) {
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) (text ? 'a' + (i + n) % 26 : i * 7 + n);
            }
            if (text) {
                sender.sendText(new String(payload, StandardCharsets.US_ASCII));
            } else {
                sender.sendBinary(ByteBuffer.wrap(payload));
            }
            for (Outbound o; (o = sender.pollOutput()) != null; ) {
                for (ByteBuffer b : o.buffers()) {
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    out.writeBytes(bytes);
                }
            }
        }
        return out.toByteArray();
    }

    /** One read's worth of work, as a transport does it. */
    private static final class Reader implements Runnable {
        final WebSocketProtocol engine;
        final ByteBuffer readBuffer;
        final byte[] wire;
        final Summing handler = new Summing();
        long runs;

        Reader(Role at, byte[] wire) {
            this.engine = new WebSocketProtocol(ProtocolConfig.defaults(at));
            this.readBuffer = ByteBuffer.allocateDirect(wire.length);
            this.wire = wire;
        }

        /** One read that brings {@code wire[from, to)}, and the events it makes. */
        void feed(int from, int to) {
            readBuffer.clear();
            readBuffer.put(0, wire, from, to - from);
            readBuffer.limit(to - from);
            engine.receive(readBuffer);
            for (ProtocolEvent e; (e = engine.nextEvent()) != null; ) {
                HandlerDispatch.dispatch(e, handler, NO_SESSION);
            }
        }

        @Override
        public void run() {
            // What a socket read does: the same bytes land in the same buffer (masked frames are
            // unmasked in place, so they are put back each time).
            runs++;
            readBuffer.clear();
            readBuffer.put(0, wire);
            readBuffer.limit(wire.length);
            engine.receive(readBuffer);
            for (ProtocolEvent e; (e = engine.nextEvent()) != null; ) {
                HandlerDispatch.dispatch(e, handler, NO_SESSION);
            }
        }
    }

    @ParameterizedTest(name = "{1} messages of {0} bytes per read, at the {2}")
    @CsvSource({"16, 4, SERVER", "1024, 4, SERVER", "65536, 1, SERVER", "16, 4, CLIENT", "1024, 1, CLIENT", "65536, 1, CLIENT"})
    void binaryMessagesWholeInOneReadAllocateNothing(int size, int perRead, Role at) {
        Role from = at == Role.SERVER ? Role.CLIENT : Role.SERVER;
        Reader reader = new Reader(at, frames(from, size, perRead, false));
        long least = leastAllocated(reader);
        assertEquals(reader.runs * perRead, reader.handler.messages, "every message reached the handler");
        assertTrue(least <= TOLERANCE, perRead + " x " + size + " B at the " + at + ": " + least + " bytes over " + MEASURED + " reads");
    }

    /**
     * A message split over two reads is assembled, in a buffer the connections of one budget
     * share between messages, and lent as it lies there; the message before it, whole in the
     * read, is lent as a view of the read buffer. Two connections whose messages overlap take
     * each other's last assembly buffer every time; the engine must still make nothing per
     * message (views remembered for two buffers were made anew for every assembled message).
     */
    @ParameterizedTest(name = "{0} B messages, every second one in two reads")
    @CsvSource({"4096", "65536"})
    void messagesAssembledAcrossReadsAllocateNothingThoughTheirBuffersChangeHands(int size) {
        byte[] wire = frames(Role.CLIENT, size, 2, false);
        int cut = wire.length * 3 / 4; // inside the second message
        Reader a = new Reader(Role.SERVER, wire);
        Reader b = new Reader(Role.SERVER, wire);
        long[] runs = {0};
        long least = leastAllocated(() -> {
            runs[0]++;
            a.feed(0, cut);
            b.feed(0, cut);
            a.feed(cut, wire.length);
            b.feed(cut, wire.length);
        });
        assertEquals(2 * runs[0], a.handler.messages, "every message reached the handler");
        assertEquals(2 * runs[0], b.handler.messages, "every message reached the handler");
        assertTrue(least <= TOLERANCE, "2 x " + MEASURED + " runs of " + size + " B messages: " + least + " bytes");
    }

    /**
     * Text costs what its {@code String} costs and an event record, no more: about 1.2 bytes of
     * heap per ASCII byte plus a constant, not a copy of the frame on top (the String is made from
     * the read buffer directly, through one temporary array for a direct buffer).
     */
    @ParameterizedTest(name = "text of {0} bytes")
    @CsvSource({"16", "1024"})
    void textMessagesCostTheirString(int size) {
        Reader reader = new Reader(Role.SERVER, frames(Role.CLIENT, size, 1, true));
        long least = leastAllocated(reader);
        long perMessage = least / MEASURED;
        // A String of n Latin-1 characters is about n + 40 bytes; its decoding needs one temporary
        // array of n more (the bytes are in a direct buffer); the event record is 16.
        long bound = 2L * size + 160;
        System.out.printf("engine receive of %d B text: %d B allocated per message%n", size, perMessage);
        assertTrue(perMessage <= bound, "text of " + size + " B: " + perMessage + " bytes per message, bound " + bound);
        assertTrue(perMessage >= size, "a String was made: " + perMessage + " bytes per message");
    }

    /** A message is a view of the read buffer during its callback: the bytes as sent, no copy needed. */
    @Test
    void theHandlerIsLentTheMessageAsSent() {
        byte[] wire = frames(Role.CLIENT, 300, 3, false);
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        ByteBuffer in = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        engine.receive(in);
        for (int n = 0; n < 3; n++) {
            ProtocolEvent.BinaryReceived b = (ProtocolEvent.BinaryReceived) engine.nextEvent();
            assertTrue(b.data().isDirect(), "a view of the (direct) read buffer, not a heap copy");
            byte[] got = new byte[b.data().remaining()];
            b.data().get(got);
            byte[] expected = new byte[300];
            for (int i = 0; i < 300; i++) {
                expected[i] = (byte) (i * 7 + n);
            }
            assertArrayEquals(expected, got, "message " + n);
        }
        assertEquals(null, engine.nextEvent());
        assertEquals(in.limit(), in.position(), "the input is read to its end once the events are taken");
    }

    private static long leastAllocated(Runnable invocation) {
        return AllocationMeter.fewestPerRound(invocation, WARM_UP, ROUNDS, MEASURED);
    }

    /** A session nobody sends on: the handler here only reads. */
    private static final WebSocketSession NO_SESSION = new WebSocketSession() {
        private CompletionStage<Void> refused() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("this test only reads"));
        }

        @Override
        public CompletionStage<Void> sendText(CharSequence text) {
            return refused();
        }

        @Override
        public CompletionStage<Void> sendBinary(ByteBuffer data) {
            return refused();
        }

        @Override
        public boolean offerBinary(ByteBuffer data) {
            return false;
        }

        @Override
        public CompletionStage<Void> sendFragment(boolean text, ByteBuffer data, boolean last) {
            return refused();
        }

        @Override
        public CompletionStage<Void> ping(ByteBuffer data) {
            return refused();
        }

        @Override
        public CompletionStage<Void> pong(ByteBuffer data) {
            return refused();
        }

        @Override
        public CompletionStage<Void> close(int code, String reason) {
            return refused();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public String subprotocol() {
            return null;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return null;
        }
    };
}
