package dev.weft.benchmarks;

import dev.weft.codec.frame.Role;
import dev.weft.codec.frame.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding masked client text frames with UTF-8 validation included (RFC 6455 §8.1), Weft beside
 * Netty, with the JDK's own UTF-8 decoder as the baseline for the validation alone.
 *
 * <p>Each invocation handles {@value FrameBatch#FRAMES} payloads and counts as that many
 * operations: ops/s is payloads per second, ops/s × {@code size} is bytes per second. Each
 * library runs its real path and nothing else (see {@link DecodeRig}).
 * <ul>
 *   <li>{@code weft}: the engine as a server runs it: each message is validated and handed to the
 *       application as a {@code String}.</li>
 *   <li>{@code netty}: Netty 4.2's {@code WebSocket13FrameDecoder} with its UTF-8 option on,
 *       called directly, followed by {@code Utf8FrameValidator} (the pipeline Netty's server
 *       protocol handler builds for that option); the application takes each frame's
 *       {@code text()} and releases it. Like for like with {@code weft}.</li>
 *   <li>{@code weftStreaming}: the frame layer in streaming mode: each fragment is validated as
 *       it arrives and handed on as a view of the input, no {@code String} made.</li>
 *   <li>{@code nettyFrames}: Netty's decoder and validator as in {@code netty}, the application
 *       taking the validated bytes, no {@code String} made: the closest Netty comes to
 *       {@code weftStreaming}, though it still copies each payload.</li>
 *   <li>{@code jdk}: a UTF-8 {@link CharsetDecoder} that reports malformed input, decoding the
 *       unmasked payloads into one reused {@link CharBuffer}: no framing, only the JDK's cost of
 *       checking (and converting) the same bytes.</li>
 *   <li>{@code weftValidator}: Weft's {@link Utf8Validator} alone on the unmasked payloads: the
 *       share of {@code weft} that is validation.</li>
 * </ul>
 * Frames are restored before each decode as {@link FrameBatch} describes, for both decoders.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class TextDecodeBenchmark {

    /** The kind of text: {@code ascii}, {@code 2-byte} (Cyrillic, Greek) or {@code 4-byte} (emoji). */
    @Param({"ascii", "2-byte", "4-byte"})
    public String text;

    /** Payload bytes per frame. */
    @Param({"125", "1024", "65536"})
    public int size;

    private Sink sink;
    private ByteBuffer payload;
    /** Netty's application takes each text frame as a {@code String}. */
    private DecodeRig rig;
    /** Netty's application takes each text frame's validated bytes. */
    private DecodeRig bytesRig;
    private final Utf8Validator weftValidator = new Utf8Validator();

    private CharsetDecoder jdkDecoder;
    private CharBuffer jdkChars;

    /**
     * Builds the frames, both decoders and the JDK's.
     *
     * @param blackhole where the payloads go
     */
    @Setup
    public void setUp(Blackhole blackhole) {
        setUp(Sink.of(blackhole));
    }

    void setUp(Sink sink) {
        this.sink = sink;
        byte[] utf8 = Payloads.text(text, size);
        payload = ByteBuffer.wrap(utf8);
        FrameBatch batch = new FrameBatch(WireFrames.TEXT, utf8, true);
        rig = new DecodeRig(batch, Role.SERVER, true, true, sink);
        bytesRig = new DecodeRig(batch, Role.SERVER, true, false, sink);

        jdkDecoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        jdkChars = CharBuffer.allocate(size);
    }

    /** Closes Netty's channels. */
    @TearDown
    public void tearDown() {
        rig.close();
        bytesRig.close();
    }

    /** Weft's engine: validated messages as {@code String}s. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void weft() {
        rig.weft();
    }

    /** Weft's streaming frame layer, validating as it goes: views of the input. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void weftStreaming() {
        rig.weftStreaming();
    }

    /**
     * Netty's decoder and UTF-8 frame validator, then each frame's {@code String}.
     *
     * @throws Exception if Netty finds the text invalid
     */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void netty() throws Exception {
        rig.netty();
    }

    /**
     * Netty's decoder and UTF-8 frame validator, the validated bytes taken as they are.
     *
     * @throws Exception if Netty finds the text invalid
     */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void nettyFrames() throws Exception {
        bytesRig.netty();
    }

    /**
     * The JDK's UTF-8 decoder on the bare payloads.
     *
     * @throws CharacterCodingException if a payload is not valid UTF-8
     */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void jdk() throws CharacterCodingException {
        for (int i = 0; i < FrameBatch.FRAMES; i++) {
            jdkDecoder.reset();
            jdkChars.clear();
            payload.rewind();
            CoderResult result = jdkDecoder.decode(payload, jdkChars, true);
            if (result.isUnderflow()) {
                result = jdkDecoder.flush(jdkChars);
            }
            if (!result.isUnderflow()) {
                result.throwException();
            }
            sink.take(jdkChars.flip());
        }
    }

    /**
     * Weft's validator alone on the bare payloads.
     *
     * @return whether every payload was valid, so the work cannot be dropped
     */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public boolean weftValidator() {
        boolean valid = true;
        for (int i = 0; i < FrameBatch.FRAMES; i++) {
            weftValidator.reset();
            valid &= weftValidator.validate(payload) < 0 && weftValidator.isAtCharacterBoundary();
        }
        return valid;
    }
}
