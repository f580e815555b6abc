package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.RawClient;
import dev.weft.codec.testkit.TransportKit;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader's buffers: it waits in read with a small buffer of its own and switches to a pooled
 * large one when a read fills it and more bytes wait. Frames that end exactly at, just before and
 * just after the small buffer's end, and bursts far larger than either buffer, arrive intact and in
 * order; a connection that goes quiet after a burst gives its pooled buffer back.
 */
@Timeout(60)
class LoomReadBufferTest extends TransportKit {

    @Override
    protected String transportName() {
        return "loom";
    }

    @Test
    void burstsAroundTheReadBufferSizeArriveIntactAndInOrder() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        int own = LoomConnection.OWN_READ_BUFFER;
        // A masked frame with a payload under 126 bytes has a 6-byte header, one up to 64 KiB an 8-byte one.
        List<Integer> sizes = new ArrayList<>(List.of(1, 119, own - 6 - 1, own - 8, own - 8 + 1, 2 * own, 16 * 1024 - 8,
                16 * 1024, 100_000));
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        List<byte[]> sent = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int size : sizes) {
                byte[] payload = RawClient.pattern(size, sent.size());
                sent.add(payload);
                ByteBuffer frame = encoder.encodeFrame(Opcode.BINARY, true, ByteBuffer.wrap(payload));
                byte[] bytes = new byte[frame.remaining()];
                frame.get(bytes);
                burst.writeBytes(bytes);
            }
        }
        // Sizes one at a time first (a read that exactly fills the buffer, then one that just
        // overflows it), then all of them in one write.
        for (int i = 0; i < sizes.size(); i++) {
            raw.sendFrame(Opcode.BINARY, true, sent.get(i));
            assertArrayEquals(sent.get(i), raw.readMessage().data(), "message of " + sizes.get(i) + " bytes");
        }
        raw.writeRaw(burst.toByteArray());
        for (byte[] payload : sent) {
            RawClient.Message m = raw.readMessage(Duration.ofSeconds(20));
            assertEquals(Opcode.BINARY, m.opcode());
            assertArrayEquals(payload, m.data(), "message of " + payload.length + " bytes");
        }
    }

    @Test
    void aConnectionThatGoesQuietGivesItsPooledBufferBack() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        BufferPool pool = ((LoomTransport) transport()).readBuffers();
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        for (int burst = 0; burst < 5; burst++) {
            // Sixteen 1 KiB messages in one write: reads far larger than the reader's own buffer,
            // so it reads into a pooled one and, while reads stay that large, keeps it.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                byte[] payload = RawClient.pattern(1024, burst * 16 + i);
                sent.add(payload);
                ByteBuffer frame = encoder.encodeFrame(Opcode.BINARY, true, ByteBuffer.wrap(payload));
                byte[] b = new byte[frame.remaining()];
                frame.get(b);
                bytes.writeBytes(b);
            }
            raw.writeRaw(bytes.toByteArray());
            for (byte[] payload : sent) {
                assertArrayEquals(payload, raw.readMessage().data());
            }
        }
        // One small message: the read that brings it fits the reader's own buffer, so the
        // connection has gone quiet and must not go on holding a pooled buffer while it waits.
        byte[] small = RawClient.pattern(16, 99);
        raw.sendFrame(Opcode.BINARY, true, small);
        assertArrayEquals(small, raw.readMessage().data());
        waitUntil("every pooled read buffer back in the pool", Duration.ofSeconds(10),
                () -> pool.canSpare(pool.slots()));
    }
}
