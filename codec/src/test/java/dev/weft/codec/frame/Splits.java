package dev.weft.codec.frame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Ways of cutting one input into chunks, so that every parser test runs at every split point. */
final class Splits {
    private Splits() {
    }

    /** The input whole, one byte at a time, and cut in two at every index. */
    static List<List<ByteBuffer>> all(byte[] input) {
        List<List<ByteBuffer>> splits = new ArrayList<>();
        splits.add(List.of(ByteBuffer.wrap(input.clone())));
        splits.add(bytewise(input));
        for (int cut = 1; cut < input.length; cut++) {
            splits.add(at(input, cut));
        }
        return splits;
    }

    static List<ByteBuffer> bytewise(byte[] input) {
        List<ByteBuffer> chunks = new ArrayList<>();
        for (byte b : input) {
            chunks.add(ByteBuffer.wrap(new byte[] {b}));
        }
        return chunks;
    }

    /** Cuts at the given ascending indices. Each chunk is a fresh copy, since decoding unmasks in place. */
    static List<ByteBuffer> at(byte[] input, int... cuts) {
        List<ByteBuffer> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(input, from, cut)));
            from = cut;
        }
        chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(input, from, input.length)));
        return chunks;
    }
}
