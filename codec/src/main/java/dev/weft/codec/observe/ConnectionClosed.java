package dev.weft.codec.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR event: an open WebSocket connection reached CLOSED (§7). */
@Name("dev.weft.ConnectionClosed")
@Label("WebSocket Closed")
@Category({"Weft", "WebSocket"})
@Description("An open WebSocket connection closed: its close code, who closed it and how long it was open")
@StackTrace(false)
public final class ConnectionClosed extends jdk.jfr.Event {

    /** Creates an empty event, to fill in and commit. */
    public ConnectionClosed() {
    }

    /** The other end, as {@code host:port}. */
    @Label("Peer")
    public String peer;
    /** The request path (server) or the URI's path (client). */
    @Label("Path")
    public String path;
    /** The close code (§7.4), 1006 when TCP ended without a closing handshake. */
    @Label("Close Code")
    public int closeCode;
    /** The close reason, possibly empty. */
    @Label("Reason")
    public String reason;
    /** {@code peer} if the other end started the close, {@code local} if this end did. */
    @Label("Closed By")
    public String closedBy;
    /** How long the connection was open, from the handshake to CLOSED. */
    @Label("Open For")
    @Timespan(Timespan.NANOSECONDS)
    public long openFor;
}
