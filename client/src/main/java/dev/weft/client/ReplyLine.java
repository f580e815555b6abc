package dev.weft.client;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The line {@code ./weft client} prints for a message that came back, saying what it is.
 *
 * <ul>
 *   <li>{@code GOT ECHO REPLY: [hello]}: the text sent came back unchanged, on a connection
 *       speaking {@code echo} or no subprotocol: an echo, as in the Mongoose tutorial.</li>
 *   <li>{@code GOT MESSAGE (reverse): [!dlrow ,olleH]}: anything else on a subprotocol, named so
 *       that a reversed line or a pushed counter ({@code dumb-increment-protocol}) is not taken
 *       for an echo.</li>
 *   <li>{@code GOT MESSAGE: [...]}: anything else with no subprotocol; binary messages add
 *       {@code (binary)} and show their bytes in hex.</li>
 * </ul>
 *
 * <p>WebSocket has no notion of a reply: a message that arrives after a send may answer it or
 * may have been pushed regardless. So an echo is recognised by what it is, never assumed.
 */
final class ReplyLine {

    private final String subprotocol;

    /**
     * Creates the lines of one connection.
     *
     * @param subprotocol the subprotocol the server chose, or {@code null} for none
     */
    ReplyLine(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    /**
     * Describes a text or binary message.
     *
     * @param sent     the text sent just before it arrived
     * @param received the message; a binary message's buffer is read, its position moved to its
     *                 limit
     * @return the line to print
     */
    String describe(String sent, BlockingWebSocket.Message received) {
        return switch (received) {
            case BlockingWebSocket.Message.Text text -> {
                boolean echoing = subprotocol == null || subprotocol.equals("echo");
                yield echoing && text.text().equals(sent) ? "GOT ECHO REPLY: [" + sent + "]" : message(text.text());
            }
            case BlockingWebSocket.Message.Binary binary -> message(hex(binary.data())) + " (binary)";
            case BlockingWebSocket.Message.Closed closed ->
                    throw new IllegalArgumentException("a close is not a message: " + closed.code());
        };
    }

    private String message(String content) {
        return "GOT MESSAGE" + (subprotocol == null ? "" : " (" + subprotocol + ")") + ": [" + content + "]";
    }

    private static String hex(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
