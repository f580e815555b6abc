package dev.weft.codec.frame;

import static dev.weft.codec.fuzz.FuzzInput.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.fuzz.FuzzInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes {@link MessageAssembler} behind a {@link FrameDecoder}: fragmentation (RFC 6455 §5.4),
 * UTF-8 in text messages (§5.6, §8.1) and the message limit (§10.4).
 *
 * <p>Input: {@link FuzzInput}. Options: bit 0 decodes as a client, else as a server; bit 1 sets
 * small limits (64-byte frames, 160-byte messages).
 *
 * <p>The same bytes go through an assembling decoder whole and through a streaming one cut into
 * reads. Invariants: nothing is thrown but {@link FailConnectionException} with 1002, 1007 or
 * 1009; both modes hear the same messages, control frames and ending (the streamed fragments of
 * each message, joined, are the assembled message); every text message is valid UTF-8 and its
 * bytes are exactly the String's UTF-8 encoding (round trip); no message passes the limit; after
 * the close or a failure nothing more is heard. Corpus:
 * {@code MessageAssemblerFuzzTestInputs/assemble}; {@code ./weft fuzz assembler} fuzzes it.
 */
class MessageAssemblerFuzzTest {

    private static final Set<Integer> FAILURE_CODES =
            Set.of(CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_FRAME_PAYLOAD_DATA, CloseCode.MESSAGE_TOO_BIG);

    @FuzzTest
    void assemble(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        DecoderConfig config = DecoderConfig.defaults(input.option(0) ? Role.CLIENT : Role.SERVER);
        if (input.option(1)) {
            config = config.withMaxFramePayloadLength(64).withMaxMessageLength(160);
        }
        List<String> assembled = run(config, input.whole());
        List<String> streamed = run(config.withStreaming(true), input.reads());
        check(assembled.equals(streamed), "streamed in reads, heard\n" + streamed + "\nassembled whole, heard\n" + assembled);
    }

    private static List<String> run(DecoderConfig config, List<ByteBuffer> reads) {
        Recorder recorder = new Recorder(config);
        FrameDecoder decoder = MessageAssembler.decoder(config, recorder);
        for (ByteBuffer read : reads) {
            try {
                decoder.decode(read);
            } catch (FailConnectionException e) {
                check(FAILURE_CODES.contains(e.closeCode()), "failed with close code " + e.closeCode() + ": " + e.getMessage());
                check(!recorder.ended, "failed after the end");
                recorder.heard.add("failed " + e.closeCode());
                recorder.ended = true;
            }
            check(!read.hasRemaining(), "decode left bytes in the buffer");
        }
        return recorder.heard;
    }

    /** Writes down messages and control frames, checking each as it comes. */
    private static final class Recorder implements MessageListener {
        final DecoderConfig config;
        final List<String> heard = new ArrayList<>();
        final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        Boolean fragmentsText;
        boolean ended;

        Recorder(DecoderConfig config) {
            this.config = config;
        }

        @Override
        public void onText(String text) {
            check(!config.streaming(), "a whole message in streaming mode");
            message(true, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onBinary(ByteBuffer data) {
            check(!config.streaming(), "a whole message in streaming mode");
            message(false, FuzzInput.bytes(data));
        }

        @Override
        public void onTextFragment(ByteBuffer utf8, boolean last) {
            fragment(true, utf8, last);
        }

        @Override
        public void onBinaryFragment(ByteBuffer data, boolean last) {
            fragment(false, data, last);
        }

        private void fragment(boolean text, ByteBuffer part, boolean last) {
            check(config.streaming(), "a fragment in assembled mode");
            check(fragmentsText == null || fragmentsText == text, "a message changed type between fragments");
            fragmentsText = text;
            fragments.writeBytes(FuzzInput.bytes(part));
            check(fragments.size() <= config.maxMessageLength(), "streamed past the message limit");
            if (text) {
                // The bytes so far could still begin valid text.
                byte[] soFar = fragments.toByteArray();
                check(new Utf8Validator().validate(soFar, 0, soFar.length) < 0, "a text fragment with invalid UTF-8");
            }
            if (last) {
                byte[] whole = fragments.toByteArray();
                fragments.reset();
                fragmentsText = null;
                if (text) {
                    // Kept as the raw bytes: the assembled side's String, encoded again, must equal them.
                    check(Utf8Validator.isValid(whole, 0, whole.length), "a streamed text message is not valid UTF-8");
                }
                message(text, whole);
            }
        }

        private void message(boolean text, byte[] bytes) {
            check(!ended, "a message after the end");
            check(bytes.length <= config.maxMessageLength(), "a message over the limit");
            heard.add((text ? "text " : "binary ") + FuzzInput.hex(ByteBuffer.wrap(bytes)));
        }

        @Override
        public void onPing(ByteBuffer payload) {
            check(!ended, "a ping after the end");
            heard.add("ping " + FuzzInput.hex(payload));
        }

        @Override
        public void onPong(ByteBuffer payload) {
            check(!ended, "a pong after the end");
            heard.add("pong " + FuzzInput.hex(payload));
        }

        @Override
        public void onClose(ClosePayload close) {
            check(!ended, "a close after the end");
            heard.add("close " + close.code() + " " + close.reason());
            ended = true;
        }
    }
}
