package dev.weft.server;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.nio.ByteBuffer;

/** The {@code echo} subprotocol: each message goes back as it came. */
final class EchoHandler implements WebSocketHandler {

    @Override
    public void onText(WebSocketSession session, String text) {
        session.sendText(text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        // Lent for this call (a view of the read buffer): offerBinary copies it into its frame
        // before it returns. No completion stage, since nothing waits on it; a refusal means the
        // connection is closing or its peer reads too slowly, and it ends anyway.
        session.offerBinary(data);
    }
}
