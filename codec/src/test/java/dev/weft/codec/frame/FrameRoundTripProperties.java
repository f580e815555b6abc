package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 6455 §5.2: properties of reading and writing frames. Whatever is written reads back the
 * same, and reading gives the same result however the input is cut.
 */
class FrameRoundTripProperties {

    /** A frame as plain data, for comparing what was written with what was read. */
    record Frame(FrameHeader header, byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && header.equals(f.header) && java.util.Arrays.equals(payload, f.payload);
        }

        @Override
        public int hashCode() {
            return header.hashCode();
        }

        @Override
        public String toString() {
            return header + " " + (payload.length > 16 ? payload.length + " bytes" : Hex.of(payload));
        }
    }

    @Provide
    Arbitrary<Integer> payloadLengths() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 124, 125, 126, 127, 65535, 65536),
                Arbitraries.integers().between(0, 300));
    }

    @Provide
    Arbitrary<Frame> anyFrame() {
        Arbitrary<Boolean> bools = Arbitraries.of(true, false);
        Arbitrary<Integer> rsv = Arbitraries.integers().between(0, 7);
        Arbitrary<Opcode> opcode = Arbitraries.of(Opcode.class);
        Arbitrary<Integer> key = Arbitraries.integers();
        Arbitrary<byte[]> payload = payloadLengths().flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
        return Combinators.combine(bools, rsv, opcode, bools, key, payload).as((fin, r, op, masked, k, p) ->
                new Frame(new FrameHeader(fin, r, op, masked, masked ? k : 0, p.length), p));
    }

    /** Encode, then read with the syntax-only reader: the identity, for every opcode and length. */
    @Property(tries = 300)
    void readingWhatWasWrittenGivesItBack(@ForAll("anyFrame") Frame frame, @ForAll @IntRange(min = 1, max = 70000) int cut) {
        byte[] wire = write(frame);
        assertEquals(List.of(frame), read(List.of(ByteBuffer.wrap(wire.clone()))));
        int at = Math.min(cut, wire.length);
        assertEquals(List.of(frame), read(Splits.at(wire, at)));
    }

    @Property(tries = 200)
    void aSequenceOfFramesReadsTheSameAtAnySplits(@ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("smallFrame") Frame> frames,
                                                  @ForAll @IntRange(min = 0, max = 1000) int cutA,
                                                  @ForAll @IntRange(min = 0, max = 1000) int cutB) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(write(f)));
        byte[] wire = out.toByteArray();
        int a = Math.min(cutA, wire.length);
        int b = Math.min(cutB, wire.length);
        assertEquals(frames, read(Splits.at(wire, Math.min(a, b), Math.max(a, b))));
        assertEquals(frames, read(Splits.bytewise(wire)));
    }

    @Provide
    Arbitrary<Frame> smallFrame() {
        return anyFrame().filter(f -> f.payload.length <= 300);
    }

    /** Through the whole read side: valid messages written by a client encoder arrive intact at every split. */
    @Property(tries = 200)
    void messagesSurviveEncoderAndDecoder(@ForAll @Size(max = 400) byte[] data,
                                          @ForAll @IntRange(min = 1, max = 5) int fragments,
                                          @ForAll @IntRange(min = 0, max = 500) int cut,
                                          @ForAll @IntRange(min = 1, max = 64) int room) {
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT, MaskingKeySource.strong());
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int step = Math.max(1, (data.length + fragments - 1) / fragments);
        int from = 0;
        boolean first = true;
        do {
            int to = Math.min(data.length, from + step);
            boolean fin = to == data.length;
            ByteBuffer part = ByteBuffer.wrap(data, from, to - from);
            encoder.start(encoder.header(first ? Opcode.BINARY : Opcode.CONTINUATION, fin, 0, to - from), part);
            // Write through a small output buffer, as a transport with a full socket would.
            ByteBuffer out = ByteBuffer.allocate(room);
            boolean done;
            do {
                out.clear();
                done = encoder.encode(out);
                out.flip();
                wire.write(out.array(), 0, out.limit());
            } while (!done);
            from = to;
            first = false;
        } while (from < data.length);
        byte[] bytes = wire.toByteArray();
        List<String> events = RecordingListener.decode(DecoderConfig.defaults(Role.SERVER),
                Splits.at(bytes, Math.min(cut, bytes.length)));
        assertEquals(List.of("binary " + Hex.of(data)), events);
    }

    private static byte[] write(Frame frame) {
        FrameHeader h = frame.header;
        ByteBuffer out = ByteBuffer.allocate(h.encodedLength() + frame.payload.length);
        h.writeTo(out);
        out.put(frame.payload);
        if (h.masked()) {
            Masker.mask(out, h.encodedLength(), out.position(), h.maskingKey(), 0);
        }
        return out.array();
    }

    private static List<Frame> read(List<ByteBuffer> chunks) {
        List<Frame> frames = new ArrayList<>();
        FrameReader reader = new FrameReader();
        FrameReader.Handler handler = new FrameReader.Handler() {
            FrameHeader header;
            ByteArrayOutputStream payload;

            @Override
            public void onFrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey, long payloadLength) {
                header = new FrameHeader(fin, rsv, opcode, masked, maskingKey, payloadLength);
                payload = new ByteArrayOutputStream();
            }

            @Override
            public void onPayload(ByteBuffer p) {
                byte[] bytes = new byte[p.remaining()];
                p.get(bytes);
                payload.writeBytes(bytes);
            }

            @Override
            public void onFrameEnd() {
                frames.add(new Frame(header, payload.toByteArray()));
            }
        };
        for (ByteBuffer chunk : chunks) {
            reader.read(chunk, handler);
        }
        return frames;
    }

    @Property(tries = 50)
    void payloadIsUnmaskedInPlace(@ForAll @Size(max = 100) byte[] data, @ForAll int key) {
        Frame frame = new Frame(new FrameHeader(true, 0, Opcode.BINARY, true, key, data.length), data);
        byte[] wire = write(frame);
        List<Frame> frames = read(List.of(ByteBuffer.wrap(wire)));
        assertArrayEquals(data, frames.get(0).payload());
        assertArrayEquals(data, java.util.Arrays.copyOfRange(wire, wire.length - data.length, wire.length));
    }
}
