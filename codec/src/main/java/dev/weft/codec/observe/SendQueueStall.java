package dev.weft.codec.observe;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event: a connection's send queue passed its high-water mark (it became unwritable, and the
 * transport stopped reading from the peer) and later drained to its low-water mark, or closed.
 * Committed when the stall ends, with how long it lasted.
 */
@Name("dev.weft.SendQueueStall")
@Label("WebSocket Send Queue Stall")
@Category({"Weft", "WebSocket"})
@Description("A connection's outbound queue was above its high-water mark: a slow reader")
@StackTrace(false)
public final class SendQueueStall extends jdk.jfr.Event {

    /** Creates an empty event, to fill in and commit. */
    public SendQueueStall() {
    }

    /** The other end, as {@code host:port}. */
    @Label("Peer")
    public String peer;
    /** The path of the connection. */
    @Label("Path")
    public String path;
    /** The bytes queued when the queue became unwritable. */
    @Label("Queued")
    @DataAmount
    public long queuedBytes;
    /** How long the connection stayed unwritable. */
    @Label("Stalled For")
    @Timespan(Timespan.NANOSECONDS)
    public long stalledFor;
}
