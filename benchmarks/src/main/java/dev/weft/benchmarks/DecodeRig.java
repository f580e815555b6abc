package dev.weft.benchmarks;

import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MessageListener;
import dev.weft.codec.frame.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.ByteBuffer;

/**
 * One batch of frames and both libraries' decoders over the same bytes, as the decode benchmarks
 * drive them. Before every pass the batch is restored from its pristine copy — masked payloads are
 * unmasked in place — and both subjects pay for that restore alike.
 */
final class DecodeRig {
    private final FrameBatch batch;
    private final ByteBuffer weftInput;
    private final FrameDecoder weftDecoder;
    /** One wrapper for the whole run: each pass lends it to the channel (retain), which releases it. */
    private final ByteBuf nettyInput;
    private final EmbeddedChannel nettyChannel;

    /**
     * Sets both decoders over the batch.
     *
     * @param batch the frames
     * @param receiver who decodes: a server expects masked frames, a client unmasked ones
     * @param validateUtf8 whether Netty's pipeline validates text as its server does when asked to
     * @param sink where every payload goes
     */
    DecodeRig(FrameBatch batch, Role receiver, boolean validateUtf8, Sink sink) {
        this.batch = batch;
        this.weftInput = ByteBuffer.wrap(batch.bytes());
        this.weftDecoder = weftDecoder(receiver, sink);
        this.nettyInput = Unpooled.wrappedBuffer(batch.bytes());
        this.nettyChannel = nettyChannel(receiver == Role.SERVER, validateUtf8, sink);
    }

    /**
     * Returns Weft's decoder as the engine runs it, in streaming mode; Weft validates text always.
     *
     * @param receiver who decodes
     * @param sink where each fragment goes, text or binary
     * @return a new decoder
     */
    static FrameDecoder weftDecoder(Role receiver, Sink sink) {
        return MessageAssembler.decoder(DecoderConfig.defaults(receiver).withStreaming(true), new MessageListener() {
            @Override
            public void onText(String text) {
                throw new AssertionError("streaming mode delivers fragments");
            }

            @Override
            public void onBinary(ByteBuffer data) {
                throw new AssertionError("streaming mode delivers fragments");
            }

            @Override
            public void onTextFragment(ByteBuffer utf8, boolean last) {
                sink.take(utf8);
            }

            @Override
            public void onBinaryFragment(ByteBuffer data, boolean last) {
                sink.take(data);
            }
        });
    }

    /**
     * Returns a channel with Netty's decoder and, if asked, UTF-8 validation, as Netty's server
     * protocol handler sets them up.
     *
     * @param masked whether frames arrive masked (Netty decoding as a server)
     * @param validateUtf8 whether to validate text frames
     * @param sink where the content of each frame goes
     * @return a new channel, ending in a {@link NettyFrameConsumer}
     */
    static EmbeddedChannel nettyChannel(boolean masked, boolean validateUtf8, Sink sink) {
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(masked)
                .allowExtensions(false)
                .maxFramePayloadLength((int) DecoderConfig.DEFAULT_MAX_FRAME_PAYLOAD_LENGTH)
                .withUTF8Validator(validateUtf8)
                .build();
        return validateUtf8
                ? new EmbeddedChannel(new WebSocket08FrameDecoder(config), new Utf8FrameValidator(config.closeOnProtocolViolation()),
                        new NettyFrameConsumer(sink))
                : new EmbeddedChannel(new WebSocket08FrameDecoder(config), new NettyFrameConsumer(sink));
    }

    /** Decodes the batch once with Weft. */
    void weft() {
        batch.restore();
        weftInput.clear();
        weftDecoder.decode(weftInput);
    }

    /** Decodes the batch once with Netty. */
    void netty() {
        batch.restore();
        nettyInput.setIndex(0, nettyInput.capacity());
        nettyChannel.writeInbound(nettyInput.retain());
    }

    /** Closes Netty's channel and lets go of the input. */
    void close() {
        nettyChannel.finishAndReleaseAll();
        nettyInput.release();
    }
}
