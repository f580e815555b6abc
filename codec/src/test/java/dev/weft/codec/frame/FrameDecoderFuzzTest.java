package dev.weft.codec.frame;

import static dev.weft.codec.fuzz.FuzzInput.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.fuzz.FuzzInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes {@link FrameDecoder}: the frame rules of RFC 6455 §5 over bytes from a peer.
 *
 * <p>Input: {@link FuzzInput}. Options: bit 0 decodes as a client (the peer is a server and must
 * not mask), else as a server; bit 1 sets small limits (64-byte frames, 160-byte messages) so
 * that 1009 is reachable; bits 2–4 are the RSV bits a negotiated extension claims.
 *
 * <p>Invariants: {@code decode} throws nothing but {@link FailConnectionException}, with 1002,
 * 1007 or 1009; the frames heard are the same whether the bytes come whole or cut into reads;
 * no frame or message passes a limit, a control frame is at most 125 bytes and final, and a data
 * frame's payload is exactly as long as its header says; each close carries a code legal on the
 * wire; after a failure or a close, input is swallowed and nothing more is heard; and each frame
 * heard, encoded again by the peer's {@link FrameEncoder}, decodes to the same frame (round trip).
 * Corpus: {@code FrameDecoderFuzzTestInputs/decode}; {@code ./weft fuzz frame} fuzzes it.
 */
class FrameDecoderFuzzTest {

    private static final Set<Integer> FAILURE_CODES =
            Set.of(CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_FRAME_PAYLOAD_DATA, CloseCode.MESSAGE_TOO_BIG);

    @FuzzTest
    void decode(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        Role role = input.option(0) ? Role.CLIENT : Role.SERVER;
        DecoderConfig config = DecoderConfig.defaults(role).withExtensionRsvBits((input.options() >> 2) & 0b111);
        if (input.option(1)) {
            config = config.withMaxFramePayloadLength(64).withMaxMessageLength(160);
        }

        Outcome whole = run(config, input.whole());
        Outcome pieces = run(config, input.reads());
        check(whole.equals(pieces), "cut into reads, the decoder heard\n" + pieces + "\nbut whole\n" + whole);

        // Round trip: the frames heard, written again by the peer, are heard again alike.
        FrameEncoder peer = new FrameEncoder(role == Role.SERVER ? Role.CLIENT : Role.SERVER);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        for (Frame f : whole.frames) {
            ByteBuffer payload = ByteBuffer.wrap(f.payload);
            ByteBuffer out = ByteBuffer.allocate(FrameHeader.MAX_LENGTH + f.payload.length);
            peer.start(peer.header(f.opcode, f.fin, f.rsv, f.payload.length), payload);
            check(peer.encode(out), "the encoder needs more room than a header and the payload");
            again.write(out.array(), 0, out.position());
        }
        Outcome reencoded = run(config, List.of(ByteBuffer.wrap(again.toByteArray())));
        check(reencoded.frames.equals(whole.frames), "re-encoded frames decode to\n" + reencoded.frames + "\nnot\n" + whole.frames);
    }

    private static Outcome run(DecoderConfig config, List<ByteBuffer> reads) {
        Recorder recorder = new Recorder(config);
        FrameDecoder decoder = new FrameDecoder(config, recorder);
        Integer failure = null;
        for (ByteBuffer read : reads) {
            try {
                decoder.decode(read);
            } catch (FailConnectionException e) {
                check(failure == null, "decode threw after the decoder had failed");
                check(FAILURE_CODES.contains(e.closeCode()), "failed with close code " + e.closeCode() + ": " + e.getMessage());
                check(decoder.isFailed(), "threw " + e + " but isFailed() is false");
                failure = e.closeCode();
            }
            check(!read.hasRemaining(), "decode left " + read.remaining() + " bytes in the buffer");
            if (failure != null || decoder.isCloseReceived()) {
                // Everything after a failure or a close is swallowed, without a word.
                ByteBuffer more = ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x00, 1, 2});
                int before = recorder.frames.size();
                decoder.decode(more);
                check(!more.hasRemaining() && recorder.frames.size() == before, "input after the end was not swallowed");
            }
        }
        return new Outcome(recorder.frames, failure, recorder.partial.size(), decoder.isCloseReceived());
    }

    /** A frame as heard: header fields and the whole payload. */
    record Frame(boolean fin, int rsv, Opcode opcode, byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.fin == fin && f.rsv == rsv && f.opcode == opcode && java.util.Arrays.equals(f.payload, payload);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(payload) * 31 + opcode.hashCode();
        }

        @Override
        public String toString() {
            return opcode + (fin ? " fin" : "") + " rsv=" + rsv + " " + FuzzInput.hex(ByteBuffer.wrap(payload));
        }
    }

    /** What a run heard: every complete frame, then how it ended. */
    record Outcome(List<Frame> frames, Integer failure, int partialBytes, boolean closed) {
    }

    /** Records frames and checks each listener call against the rules as it comes. */
    private static final class Recorder implements FrameDecoder.Listener {
        final DecoderConfig config;
        final List<Frame> frames = new ArrayList<>();
        final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        boolean fin;
        int rsv;
        Opcode opcode;
        long declared = -1;
        long messageLength;
        boolean closed;

        Recorder(DecoderConfig config) {
            this.config = config;
        }

        @Override
        public void onDataFrameStart(boolean fin, int rsv, Opcode opcode, long payloadLength, Opcode messageType) {
            check(!closed, "a frame after the close");
            check(declared < 0, "a frame started inside another");
            check(!opcode.isControl() && !opcode.isReserved(), "data frame start for " + opcode);
            check(messageType == Opcode.TEXT || messageType == Opcode.BINARY, "message type " + messageType);
            check((rsv & ~config.extensionRsvBits()) == 0, "RSV bits " + rsv + " passed, but only " + config.extensionRsvBits() + " are claimed");
            check(payloadLength <= config.maxFramePayloadLength(), "a frame over the frame limit passed");
            messageLength = opcode == Opcode.CONTINUATION ? messageLength + payloadLength : payloadLength;
            check(messageLength <= config.maxMessageLength(), "a message over the message limit passed");
            this.fin = fin;
            this.rsv = rsv;
            this.opcode = opcode;
            this.declared = payloadLength;
            partial.reset();
        }

        @Override
        public void onDataPayload(ByteBuffer payload) {
            check(declared >= 0, "payload outside a data frame");
            check(payload.hasRemaining(), "an empty payload chunk");
            partial.write(FuzzInput.bytes(payload), 0, payload.remaining());
            check(partial.size() <= declared, "more payload than the header declared");
        }

        @Override
        public void onDataFrameEnd(boolean messageEnd) {
            check(declared >= 0, "frame end outside a data frame");
            check(messageEnd == fin, "message end " + messageEnd + " on a frame with fin " + fin);
            check(partial.size() == declared, "frame ended after " + partial.size() + " of " + declared + " bytes");
            frames.add(new Frame(fin, rsv, opcode, partial.toByteArray()));
            partial.reset();
            declared = -1;
        }

        @Override
        public void onPing(ByteBuffer payload) {
            control(Opcode.PING, payload);
        }

        @Override
        public void onPong(ByteBuffer payload) {
            control(Opcode.PONG, payload);
        }

        @Override
        public void onClose(ClosePayload close) {
            check(close.code() == CloseCode.NO_STATUS_RCVD || CloseCode.isLegalToReceive(close.code()),
                    "close code " + close.code() + " passed");
            ByteBuffer body = close.code() == CloseCode.NO_STATUS_RCVD
                    ? ByteBuffer.allocate(0) : ClosePayload.encode(close.code(), close.reason());
            control(Opcode.CLOSE, body);
            closed = true;
        }

        private void control(Opcode opcode, ByteBuffer payload) {
            check(!closed, "a control frame after the close");
            check(payload.remaining() <= FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH, "a control payload over 125 bytes");
            frames.add(new Frame(true, 0, opcode, FuzzInput.bytes(payload)));
        }
    }
}
