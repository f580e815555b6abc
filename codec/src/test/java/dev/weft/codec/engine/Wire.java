package dev.weft.codec.engine;

import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Masker;
import dev.weft.codec.frame.Opcode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Raw frames for engine tests, including ones no encoder would write. */
final class Wire {
    private Wire() {
    }

    static byte[] client(boolean fin, Opcode opcode, byte[] payload) {
        return frame(fin, 0, opcode, true, payload);
    }

    static byte[] server(boolean fin, Opcode opcode, byte[] payload) {
        return frame(fin, 0, opcode, false, payload);
    }

    static byte[] frame(boolean fin, int rsv, Opcode opcode, boolean masked, byte[] payload) {
        int key = masked ? 0x12345678 : 0;
        FrameHeader header = new FrameHeader(fin, rsv, opcode, masked, key, payload.length);
        ByteBuffer out = ByteBuffer.allocate(header.encodedLength() + payload.length);
        header.writeTo(out);
        int start = out.position();
        out.put(payload);
        if (masked) {
            Masker.maskBytewise(out, start, out.position(), key, 0);
        }
        return out.array();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Polls every queued output of {@code engine}, marks it written, and returns the bytes. */
    static byte[] drain(WebSocketProtocol engine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Outbound o;
        while ((o = engine.pollOutput()) != null) {
            for (ByteBuffer b : o.buffers()) {
                ByteBuffer d = b.duplicate();
                byte[] bytes = new byte[d.remaining()];
                d.get(bytes);
                out.writeBytes(bytes);
            }
            o.complete();
        }
        return out.toByteArray();
    }
}
