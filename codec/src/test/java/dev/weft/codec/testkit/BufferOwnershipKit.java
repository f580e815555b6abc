package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.spi.ServerBinding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The buffer-ownership contract of {@link WebSocketHandler}: a message's buffer is lent for its
 * callback. During the callback it holds the message, whatever the handler does meanwhile (send,
 * send it back); a copy taken in the callback keeps its bytes after every later read; and a view
 * sent back arrives intact even when the connection cannot write it at once. Messages go several
 * to a TCP write, so that they share the transport's read buffer, and their bytes differ, so that
 * a view overwritten by a later read, or a send that kept one, is seen. Server and client side.
 * And a buffer given to a send is copied before the send returns: the sender may reuse it at once.
 */
@Timeout(60)
public abstract class BufferOwnershipKit extends TransportKit {

    private static final int[] SIZES = {16, 1, 700, 1024, 5000, 16, 64 * 1024, 125, 3, 40_000};

    /** What a handler saw go wrong with a lent buffer, or what it copied out of one. */
    private static final class Lender implements WebSocketHandler {
        final List<byte[]> copies = new CopyOnWriteArrayList<>();
        final List<String> wrong = new CopyOnWriteArrayList<>();
        private final boolean echo;

        Lender(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            byte[] before = bytes(data);
            if (echo) {
                session.sendBinary(data); // the lent view itself, back to the peer
            }
            session.sendText("got " + before.length);
            if (!java.util.Arrays.equals(before, bytes(data))) {
                wrong.add("message " + copies.size() + " changed during its own callback");
            }
            copies.add(before);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void aCopyTakenInTheCallbackKeepsItsBytesAfterLaterReads() throws Exception {
        Lender keeper = new Lender(false);
        ServerBinding binding = bind(router(() -> keeper));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        int rounds = 4;
        byte[][] sent = new byte[rounds * SIZES.length][];
        for (int round = 0; round < rounds; round++) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < SIZES.length; i++) {
                int n = round * SIZES.length + i;
                sent[n] = RawClient.pattern(SIZES[i], n + 1);
                burst.write(maskedBinaryFrame(sent[n], n));
            }
            raw.writeRaw(burst.toByteArray()); // one write: the frames arrive together
            for (int i = 0; i < SIZES.length; i++) {
                assertEquals("got " + SIZES[i], raw.readMessage().text());
            }
        }
        assertEquals(List.of(), keeper.wrong);
        assertEquals(sent.length, keeper.copies.size());
        for (int n = 0; n < sent.length; n++) {
            assertArrayEquals(sent[n], keeper.copies.get(n), "message " + n + " as the handler copied it, after every later read");
        }
    }

    @Test
    void aViewSentBackArrivesIntactWhileMoreArrives() throws Exception {
        Lender echo = new Lender(true);
        ServerBinding binding = bind(router(() -> echo));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        byte[][] sent = new byte[SIZES.length][];
        for (int i = 0; i < SIZES.length; i++) {
            sent[i] = RawClient.pattern(SIZES[i], 100 + i);
            burst.write(maskedBinaryFrame(sent[i], i));
        }
        raw.writeRaw(burst.toByteArray());
        for (byte[] expected : sent) {
            RawClient.Message m = raw.readMessage();
            assertEquals(Opcode.BINARY, m.opcode());
            assertArrayEquals(expected, m.data());
            assertEquals("got " + expected.length, raw.readMessage().text());
        }
        assertEquals(List.of(), echo.wrong);
    }

    /**
     * The peer sends for a while without reading: the echoes of lent views pile up unwritten, over
     * the high-water mark, while the transport reads on into the buffer they were views of. Each
     * must still arrive as it was sent. (A send that queued the view itself, uncopied, fails here
     * on both transports.)
     */
    @Test
    void aViewSentBackUnderBackPressureArrivesIntact() throws Exception {
        Lender echo = new Lender(true);
        ServerBinding binding = bind(router(() -> echo));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress(), s -> {
            s.setReceiveBufferSize(16 * 1024); // a small window, so the server's writes back up soon
        }));
        raw.upgrade(ECHO);
        int count = 64;
        byte[][] sent = new byte[count][];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int n = 0; n < count; n++) {
            sent[n] = RawClient.pattern(n % 3 == 2 ? 3000 + n : 64 * 1024, 500 + n);
            all.write(maskedBinaryFrame(sent[n], n));
        }
        // Written from another thread: the server stops reading once its queue is full, and this
        // thread reads nothing until it has written a good deal.
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                raw.writeRaw(all.toByteArray());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        waitUntil("the server to have taken in some messages", WAIT, () -> echo.copies.size() >= 8);
        Thread.sleep(100); // and to have tried to write their echoes into a full socket
        for (int n = 0; n < count; n++) {
            RawClient.Message m = raw.readMessage();
            assertEquals(Opcode.BINARY, m.opcode(), "message " + n);
            assertArrayEquals(sent[n], m.data(), "the echo of message " + n);
            assertEquals("got " + sent[n].length, raw.readMessage().text());
        }
        await(writing);
        assertEquals(List.of(), echo.wrong);
    }

    /** A client's handler gets the same loan: views of its read buffer, valid for the callback. */
    @Test
    void aClientHandlerSeesEachMessageIntactDuringItsCallback() throws Exception {
        byte[][] burst = new byte[SIZES.length * 3][];
        for (int n = 0; n < burst.length; n++) {
            burst[n] = RawClient.pattern(SIZES[n % SIZES.length], 900 + n);
        }
        WebSocketHandler server = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                if (text.equals("go")) {
                    for (byte[] b : burst) {
                        session.sendBinary(ByteBuffer.wrap(b)); // back to back: they share the client's reads
                    }
                }
            }
        };
        ServerBinding binding = bind(router(() -> server));
        Lender client = new Lender(true);
        WebSocketSession session = connect(wsUri(binding, ECHO), client);
        session.sendText("go");
        waitUntil("every message at the client", WAIT, () -> client.copies.size() == burst.length);
        assertEquals(List.of(), client.wrong);
        for (int n = 0; n < burst.length; n++) {
            assertArrayEquals(burst[n], client.copies.get(n), "message " + n + " as the client copied it");
        }
        assertTrue(session.isOpen());
    }

    /**
     * A buffer passed to {@code sendBinary} or {@code offerBinary} is the sender's again when the
     * call returns: a handler that fills one buffer, sends it, and refills it at once for the
     * next message, many times over, has every message arrive as it was at its send, though the
     * peer reads nothing until all were sent (so they wait in the queue and the socket).
     */
    @Test
    void aSentBufferIsTheSendersAgainWhenTheSendReturnsEvenUnderBackPressure() throws Exception {
        int messages = 40;
        int size = 64 * 1024;
        java.util.concurrent.CountDownLatch allSent = new java.util.concurrent.CountDownLatch(1);
        List<Boolean> refused = new CopyOnWriteArrayList<>();
        WebSocketHandler reuser = new WebSocketHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer request) {
                ByteBuffer one = ByteBuffer.allocateDirect(size); // like a read buffer the transport reuses
                for (int i = 0; i < messages; i++) {
                    one.clear();
                    one.put(RawClient.pattern(size, i)).flip();
                    if (i % 2 == 0) {
                        session.sendBinary(one);
                    } else if (!session.offerBinary(one)) {
                        refused.add(true);
                    }
                    one.clear();
                    while (one.hasRemaining()) {
                        one.put((byte) 0xEE); // overwritten at once, as the next read would
                    }
                }
                allSent.countDown();
            }
        };
        ServerBinding binding = bind(router(() -> reuser));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress(), socket -> {
            socket.setReceiveBufferSize(8 * 1024); // so that the server's writes stall
        }));
        raw.upgrade(ECHO);
        raw.sendFrame(Opcode.BINARY, true, new byte[] {1});
        assertEquals(true, allSent.await(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of(), refused);
        for (int i = 0; i < messages; i++) {
            RawClient.Message m = raw.readMessage();
            assertEquals(Opcode.BINARY, m.opcode());
            assertArrayEquals(RawClient.pattern(size, i), m.data(), "message " + i + " as it was when sent");
        }
    }

    /** A client's binary frame (FIN, masked with a key made from {@code seed}). */
    private static byte[] maskedBinaryFrame(byte[] payload, int seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        int n = payload.length;
        if (n < 126) {
            out.write(0x80 | n);
        } else if (n < 65536) {
            out.write(0x80 | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >>> shift));
            }
        }
        byte[] key = {(byte) (seed * 31 + 7), (byte) (seed + 1), (byte) 0x5a, (byte) (seed >>> 3)};
        out.writeBytes(key);
        for (int i = 0; i < n; i++) {
            out.write(payload[i] ^ key[i & 3]);
        }
        return out.toByteArray();
    }
}
