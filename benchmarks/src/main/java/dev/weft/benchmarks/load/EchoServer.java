package dev.weft.benchmarks.load;

/**
 * A running echo server of one subject, listening on loopback. WebSocket subjects answer every
 * text and binary message on {@code /echo} with the same message; the TCP baseline sends back
 * every byte it reads.
 */
interface EchoServer extends AutoCloseable {

    /** The path WebSocket subjects serve their echo on. */
    String PATH = "/echo";

    /**
     * The largest message every WebSocket subject accepts: the harness measures messages up to
     * 1 MiB, and each server is configured well above that so none refuses a point.
     */
    int MAX_MESSAGE = 16 * 1024 * 1024;

    /**
     * Returns the port the server listens on.
     *
     * @return the bound port, the real one when port 0 was asked for
     */
    int port();

    /** Stops listening and drops every connection. */
    @Override
    void close();
}
