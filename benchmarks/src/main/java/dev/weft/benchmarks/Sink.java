package dev.weft.benchmarks;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Where a framing benchmark puts what it produced: a {@link Blackhole} while measuring, so the JIT
 * cannot drop the work, and a recorder in the tests, which check that the work was right. Every
 * subject hands over the same kind of thing per frame, so the sink costs all of them alike.
 */
interface Sink {

    /**
     * Takes a payload or frame bytes, from position to limit; valid only during the call.
     *
     * @param bytes the bytes, owned by the caller
     */
    void take(ByteBuffer bytes);

    /**
     * Takes a payload or frame bytes, from reader index to writer index; valid only during the
     * call, released by the caller afterwards.
     *
     * @param bytes the bytes, owned by the caller
     */
    void take(ByteBuf bytes);

    /**
     * Takes decoded characters, from position to limit; valid only during the call.
     *
     * @param chars the characters, owned by the caller
     */
    void take(CharBuffer chars);

    /**
     * Takes a whole decoded text message.
     *
     * @param text the message
     */
    void take(String text);

    /**
     * Returns a sink that hands everything to {@code blackhole}.
     *
     * @param blackhole JMH's blackhole for the running benchmark
     * @return the sink
     */
    static Sink of(Blackhole blackhole) {
        return new Sink() {
            @Override
            public void take(ByteBuffer bytes) {
                blackhole.consume(bytes);
            }

            @Override
            public void take(ByteBuf bytes) {
                blackhole.consume(bytes);
            }

            @Override
            public void take(CharBuffer chars) {
                blackhole.consume(chars);
            }

            @Override
            public void take(String text) {
                blackhole.consume(text);
            }
        };
    }
}
