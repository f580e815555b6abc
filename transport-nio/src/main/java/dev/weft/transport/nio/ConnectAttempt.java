package dev.weft.transport.nio;

import dev.weft.codec.api.WebSocketSession;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection's connect and opening handshake, while they last: what the caller waits on,
 * when the connect must be done by, and what to call the server in messages. Held by the channel
 * only until the handshake ends, and never by a server's channels, so that an accepted connection
 * carries none of it.
 *
 * @param future   completed with the session once open, or with the failure
 * @param deadline when TCP must be connected, in {@link System#nanoTime()} terms
 * @param target   the server as {@code host:port}, for messages
 */
record ConnectAttempt(CompletableFuture<WebSocketSession> future, long deadline, String target) {
}
