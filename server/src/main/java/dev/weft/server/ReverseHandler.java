package dev.weft.server;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.nio.ByteBuffer;
import java.text.BreakIterator;

/**
 * The {@code reverse} subprotocol: text reversed by user-perceived character, binary by byte.
 */
final class ReverseHandler implements WebSocketHandler {

    @Override
    public void onText(WebSocketSession session, String text) {
        session.sendText(reverse(text));
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
        session.sendBinary(ByteBuffer.wrap(bytes));
    }

    /**
     * Reverses text by grapheme cluster: a surrogate pair or a base character with its combining
     * marks moves as one piece, so nothing is split into an unpaired surrogate and a mark stays
     * after its base.
     *
     * @param text the text
     * @return the text with its clusters in reverse order
     */
    static String reverse(String text) {
        BreakIterator clusters = BreakIterator.getCharacterInstance();
        clusters.setText(text);
        StringBuilder out = new StringBuilder(text.length());
        int end = clusters.last();
        for (int start = clusters.previous(); start != BreakIterator.DONE; end = start, start = clusters.previous()) {
            out.append(text, start, end);
        }
        return out.toString();
    }
}
