package dev.weft.codec.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event: an opening handshake failed, refused with a status or timed out. */
@Name("dev.weft.HandshakeRejected")
@Label("WebSocket Handshake Rejected")
@Category({"Weft", "WebSocket"})
@Description("An opening handshake was refused (with its HTTP status) or timed out (status 0)")
@StackTrace(false)
public final class HandshakeRejected extends jdk.jfr.Event {

    /** Creates an empty event, to fill in and commit. */
    public HandshakeRejected() {
    }

    /** The other end, as {@code host:port}. */
    @Label("Peer")
    public String peer;
    /** The request path, or {@code null} if no request arrived. */
    @Label("Path")
    public String path;
    /** The HTTP status answered (400, 403, 426...), or 0 when the handshake timed out unanswered. */
    @Label("Status")
    public int status;
    /** Why, in words. */
    @Label("Reason")
    public String reason;
}
