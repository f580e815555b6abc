package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.2: a header's multi-byte numbers (the 16- and 64-bit lengths, the masking key) are
 * in network byte order, whatever byte order the caller set on its buffer, heap or direct. The
 * reader and the writer take each number in one access, so this is what holds them to the layout.
 */
class HeaderByteOrderTest {

    /** Each header of the three length forms, masked and not, with its bytes on the wire. */
    private static final List<Object[]> CASES = List.of(
            new Object[] {new FrameHeader(true, 0, Opcode.BINARY, false, 0, 16), "8210"},
            new Object[] {new FrameHeader(true, 0, Opcode.BINARY, true, 0x37fa213d, 16), "829037fa213d"},
            new Object[] {new FrameHeader(false, 4, Opcode.TEXT, false, 0, 1027), "417e0403"},
            new Object[] {new FrameHeader(true, 0, Opcode.BINARY, true, 0x01020304, 65535), "82feffff01020304"},
            new Object[] {new FrameHeader(true, 0, Opcode.BINARY, false, 0, 65536), "827f0000000000010000"},
            new Object[] {new FrameHeader(true, 0, Opcode.BINARY, true, 0xfedcba98, 0x0102030405060708L),
                    "82ff0102030405060708fedcba98"});

    private static List<ByteBuffer> buffers(int size) {
        return List.of(ByteBuffer.allocate(size), ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN),
                ByteBuffer.allocateDirect(size), ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void writesNetworkOrderIntoAnyBuffer() {
        for (Object[] c : CASES) {
            FrameHeader header = (FrameHeader) c[0];
            for (ByteBuffer out : buffers(FrameHeader.MAX_LENGTH + 3)) {
                out.position(3); // not at the start, nor aligned
                header.writeTo(out);
                out.flip().position(3);
                assertEquals(c[1], Hex.of(out), header + " into " + describe(out));
            }
        }
    }

    @Test
    void readsNetworkOrderFromAnyBuffer() {
        for (Object[] c : CASES) {
            FrameHeader header = (FrameHeader) c[0];
            byte[] bytes = Hex.bytes((String) c[1]);
            for (ByteBuffer in : buffers(bytes.length + 3)) {
                in.position(3);
                in.put(bytes).flip().position(3); // the whole header in one read: the one-step path
                List<FrameHeader> seen = new ArrayList<>();
                new FrameReader().read(in, new FrameReader.Handler() {
                    @Override
                    public void onFrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey, long length) {
                        seen.add(new FrameHeader(fin, rsv, opcode, masked, maskingKey, length));
                    }

                    @Override
                    public void onPayload(ByteBuffer payload) {
                    }

                    @Override
                    public void onFrameEnd() {
                    }
                });
                assertEquals(List.of(header), seen, c[1] + " from " + describe(in));
            }
        }
    }

    private static String describe(ByteBuffer b) {
        return (b.isDirect() ? "direct " : "heap ") + b.order();
    }
}
