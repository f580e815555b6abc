package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.spi.ServerBinding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The buffer-ownership contract of {@link WebSocketHandler}: a message's buffer is the handler's
 * own, so one kept past its callback is never overwritten by later reads, and one sent back keeps
 * its bytes until written. Messages go several to a TCP write, so that they share the
 * transport's read buffer: a transport or engine that handed out views of it would fail here.
 */
@Timeout(60)
public abstract class BufferOwnershipKit extends TransportKit {

    private static final int[] SIZES = {16, 1, 700, 1024, 5000, 16, 64 * 1024, 125, 3, 40_000};

    @Test
    void aBufferKeptPastItsCallbackKeepsItsBytes() throws Exception {
        List<ByteBuffer> kept = new CopyOnWriteArrayList<>();
        WebSocketHandler keeper = new WebSocketHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                kept.add(data); // no copy: the contract says it is ours
                session.sendText("got " + data.remaining());
            }
        };
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
        assertEquals(sent.length, kept.size());
        for (int n = 0; n < sent.length; n++) {
            byte[] now = new byte[kept.get(n).remaining()];
            kept.get(n).duplicate().get(now);
            assertArrayEquals(sent[n], now, "message " + n + " as the handler kept it, after every later read");
        }
    }

    @Test
    void aBufferSentBackArrivesIntactWhileMoreArrives() throws Exception {
        WebSocketHandler echo = new WebSocketHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                session.sendBinary(data); // lent to the connection until written
            }
        };
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
