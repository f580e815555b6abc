package dev.weft.codec.observe;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR event: a server answered a plain HTTP request (one that was not upgraded). */
@Name("dev.weft.HttpExchange")
@Label("HTTP Exchange")
@Category({"Weft", "HTTP"})
@Description("A plain HTTP request and the status the server answered it with")
@StackTrace(false)
public final class HttpExchange extends jdk.jfr.Event {

    /** Creates an empty event, to fill in and commit. */
    public HttpExchange() {
    }

    /** The client, as {@code host:port}. */
    @Label("Peer")
    public String peer;
    /** The request method. */
    @Label("Method")
    public String method;
    /** The request target, as sent. */
    @Label("Target")
    public String target;
    /** The status answered. */
    @Label("Status")
    public int status;
    /** The response's body length. */
    @Label("Body Bytes")
    @DataAmount
    public long bytes;
    /** From the parsed request to the queued response. */
    @Label("Response Time")
    @Timespan(Timespan.NANOSECONDS)
    public long responseTime;
}
