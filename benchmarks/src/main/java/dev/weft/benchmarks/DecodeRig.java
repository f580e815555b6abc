package dev.weft.benchmarks;

import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.engine.ProtocolEvent;
import dev.weft.codec.engine.WebSocketProtocol;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MessageListener;
import dev.weft.codec.frame.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.ByteBuffer;

/**
 * One batch of frames and the decoders the decode benchmarks compare, over the same bytes. Before
 * every pass the batch is restored from its pristine copy (masked payloads are unmasked in place)
 * and every subject pays for that restore alike.
 *
 * <ul>
 *   <li>{@link #weft()}: the engine's path, as a server runs it: {@link WebSocketProtocol#receive}
 *       and {@link WebSocketProtocol#nextEvent()}, which hands each binary message whose frames
 *       are all in the input on as a view of it, lent until the next event (a {@code String} for
 *       text), and decodes on as the events are taken.</li>
 *   <li>{@link #weftStreaming()}: a {@link FrameDecoder} and {@link MessageAssembler} in streaming
 *       mode: each payload is handed on as a view of the input, valid during the call only; no
 *       copy, no allocation.</li>
 *   <li>{@link #netty()}: Netty 4.2's {@code WebSocket13FrameDecoder} driven directly
 *       ({@link NettyDirectDecoder}): each payload is copied into a buffer from the pooled
 *       allocator, handed on, and released by the taker. Netty's decoder has no mode that hands
 *       on views, so it is also the closest counterpart of the streaming mode.</li>
 * </ul>
 */
final class DecodeRig {
    private final FrameBatch batch;
    private final Sink sink;
    private final ByteBuffer weftInput;
    private final WebSocketProtocol weftEngine;
    private final FrameDecoder weftStreaming;
    private final ByteBuf nettyInput;
    private final EmbeddedChannel nettyChannel;
    private final NettyDirectDecoder nettyDecoder;
    private final ChannelHandlerContext nettyContext;

    /**
     * Sets every decoder over the batch.
     *
     * @param batch the frames
     * @param receiver who decodes: a server expects masked frames, a client unmasked ones
     * @param text whether the frames are text: Netty then validates UTF-8 as its server does when
     *             asked to (Weft always does), and {@code textAsString} decides what Netty hands on
     * @param textAsString for text, whether Netty's taker turns each frame into a {@code String}
     *                     ({@code TextWebSocketFrame.text()}), as Weft's engine does
     * @param sink where every payload goes
     */
    DecodeRig(FrameBatch batch, Role receiver, boolean text, boolean textAsString, Sink sink) {
        this.batch = batch;
        this.sink = sink;
        this.weftInput = ByteBuffer.wrap(batch.bytes());
        this.weftEngine = new WebSocketProtocol(ProtocolConfig.defaults(receiver));
        this.weftStreaming = weftDecoder(receiver, sink);
        this.nettyInput = Unpooled.wrappedBuffer(batch.bytes());
        this.nettyDecoder = new NettyDirectDecoder(nettyConfig(receiver == Role.SERVER, text));
        NettyFrameConsumer consumer = new NettyFrameConsumer(sink, textAsString);
        this.nettyChannel = text
                ? new EmbeddedChannel(nettyDecoder, new Utf8FrameValidator(true), consumer)
                : new EmbeddedChannel(nettyDecoder, consumer);
        // Pooled whatever the defaults say, as a Netty server runs (the forks ask for it as well).
        nettyChannel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        this.nettyContext = nettyChannel.pipeline().context(nettyDecoder);
    }

    /**
     * Returns Weft's decoder in streaming mode; Weft validates text always.
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
     * Returns the decoder settings Netty's server protocol handler would pass.
     *
     * @param masked whether frames arrive masked (Netty decoding as a server)
     * @param validateUtf8 whether text is validated
     * @return the settings
     */
    static WebSocketDecoderConfig nettyConfig(boolean masked, boolean validateUtf8) {
        return WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(masked)
                .allowExtensions(false)
                .maxFramePayloadLength((int) DecoderConfig.DEFAULT_MAX_FRAME_PAYLOAD_LENGTH)
                .withUTF8Validator(validateUtf8)
                .build();
    }

    /**
     * Decodes the batch once with Weft's engine and takes every event it queued.
     *
     * @throws IllegalStateException if the engine reported anything but messages
     */
    void weft() {
        batch.restore();
        weftInput.clear();
        weftEngine.receive(weftInput);
        for (ProtocolEvent e; (e = weftEngine.nextEvent()) != null; ) {
            switch (e) {
                case ProtocolEvent.BinaryReceived b -> sink.take(b.data());
                case ProtocolEvent.TextReceived t -> sink.take(t.text());
                default -> throw new IllegalStateException("the engine reported " + e);
            }
        }
    }

    /** Decodes the batch once with Weft's streaming decoder. */
    void weftStreaming() {
        batch.restore();
        weftInput.clear();
        weftStreaming.decode(weftInput);
    }

    /**
     * Decodes the batch once with Netty's decoder.
     *
     * @throws Exception when Netty finds the frames broken, or its UTF-8 validator does
     */
    void netty() throws Exception {
        batch.restore();
        nettyInput.setIndex(0, nettyInput.capacity());
        nettyDecoder.decodeAll(nettyContext, nettyInput);
        // A handler's failure (the UTF-8 validator's) travels the pipeline; the channel keeps it for us.
        nettyChannel.checkException();
    }

    /** Closes Netty's channel and lets go of the input. */
    void close() {
        nettyChannel.finishAndReleaseAll();
        nettyInput.release();
    }
}
