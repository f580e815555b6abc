package dev.weft.codec.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes down every message event as a short line, so tests compare whole conversations. */
final class RecordingListener implements MessageListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onText(String text) {
        events.add("text " + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        events.add("binary " + Hex.of(data));
    }

    @Override
    public void onTextFragment(ByteBuffer utf8, boolean last) {
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        events.add("text-part " + Hex.of(bytes) + (last ? " last" : ""));
    }

    @Override
    public void onBinaryFragment(ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        events.add("binary-part " + Hex.of(bytes) + (last ? " last" : ""));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("ping " + Hex.of(payload));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add("pong " + Hex.of(payload));
    }

    @Override
    public void onClose(ClosePayload close) {
        events.add("close " + close.code() + (close.reason().isEmpty() ? "" : " " + close.reason()));
    }

    /** Decodes every chunk in order; returns the events, ending with "fail CODE" if the decoder failed. */
    static List<String> decode(DecoderConfig config, List<ByteBuffer> chunks) {
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = MessageAssembler.decoder(config, listener);
        try {
            for (ByteBuffer chunk : chunks) {
                decoder.decode(chunk);
            }
        } catch (FailConnectionException e) {
            listener.events.add("fail " + e.closeCode());
        }
        return listener.events;
    }

    /** Joins text parts of a streamed conversation back into text, for comparing with assembled mode. */
    static String utf8(String hex) {
        return new String(Hex.bytes(hex), StandardCharsets.UTF_8);
    }
}
