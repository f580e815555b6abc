package dev.weft.codec.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event: a WebSocket opening handshake succeeded (§4). */
@Name("dev.weft.ConnectionOpened")
@Label("WebSocket Opened")
@Category({"Weft", "WebSocket"})
@Description("A WebSocket connection completed its opening handshake")
@StackTrace(false)
public final class ConnectionOpened extends jdk.jfr.Event {

    /** Creates an empty event, to fill in and commit. */
    public ConnectionOpened() {
    }

    /** The other end, as {@code host:port}. */
    @Label("Peer")
    public String peer;
    /** The request path (server) or the URI's path (client). */
    @Label("Path")
    public String path;
    /** The subprotocol agreed, or {@code null}. */
    @Label("Subprotocol")
    public String subprotocol;
    /** {@code server} or {@code client}: which end this process is. */
    @Label("Role")
    public String role;
}
