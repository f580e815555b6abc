package dev.weft.codec.frame;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Hex fixtures: tests state their bytes as hex, spaces allowed. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static ByteBuffer buffer(String hex) {
        return ByteBuffer.wrap(bytes(hex));
    }

    static String of(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
