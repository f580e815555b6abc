package dev.weft.codec.observe;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event: one WebSocket message received or sent, with its size. Off unless a recording
 * enables it ({@code jfr configure} or {@code +dev.weft.MessageSize#enabled=true}): at millions
 * of messages a second it would fill a recording with little else.
 */
@Name("dev.weft.MessageSize")
@Label("WebSocket Message")
@Category({"Weft", "WebSocket"})
@Description("A WebSocket message received or sent, and its payload size")
@Enabled(false)
@StackTrace(false)
public final class MessageSize extends jdk.jfr.Event {

    /** Creates an empty event, to fill in and commit. */
    public MessageSize() {
    }

    /** The other end, as {@code host:port}. */
    @Label("Peer")
    public String peer;
    /** {@code received} or {@code sent}. */
    @Label("Direction")
    public String direction;
    /** {@code text} or {@code binary}. */
    @Label("Type")
    public String type;
    /** The payload's size in bytes (UTF-8 for text), before any extension transforms it. */
    @Label("Size")
    @DataAmount
    public long size;
}
