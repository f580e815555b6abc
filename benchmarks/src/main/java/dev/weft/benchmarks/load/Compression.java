package dev.weft.benchmarks.load;

import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Locale;

/**
 * Whether the echo load and the idle scale run compressed, and how: permessage-deflate (RFC 7692)
 * as the generator offers it and every server is set up to take it, with the same parameters on
 * every server.
 *
 * <p>Every server: zlib level 6, a 32 KiB window (bits 15, zlib's memory level 8 as
 * {@code java.util.zip} fixes it), every message compressed (Weft's threshold set to 0, since
 * Netty's handshaker has none), and context takeover as the client's offer says. Weft takes
 * {@link DeflateConfig#defaults()} with a threshold of 0; Netty takes its
 * {@link PerMessageDeflateServerExtensionHandshaker} at level 6 that allows
 * {@code server_no_context_takeover} when offered (its default refuses such an offer, and then
 * declines compression altogether).
 *
 * <p>The generator offers what Chromium offers ({@code permessage-deflate; client_max_window_bits})
 * for {@link #CONTEXT_TAKEOVER}, and adds {@code server_no_context_takeover} and
 * {@code client_no_context_takeover} for {@link #NO_CONTEXT_TAKEOVER}; it fails a connection whose
 * server declines.
 */
public enum Compression {
    /** No extension offered: plain frames. */
    NONE("none"),
    /** permessage-deflate with context takeover both ways: the RFC's default and the browsers'. */
    CONTEXT_TAKEOVER("deflate"),
    /** permessage-deflate, each side resetting its context after every message. */
    NO_CONTEXT_TAKEOVER("deflate-no-context");

    /** The zlib level every server compresses at. */
    public static final int LEVEL = 6;

    private final String label;

    Compression(String label) {
        this.label = label;
    }

    /**
     * Returns the name the server child takes on its command line.
     *
     * @return such as {@code deflate}
     */
    public String label() {
        return label;
    }

    /**
     * Returns whether permessage-deflate is offered at all.
     *
     * @return false for {@link #NONE} only
     */
    public boolean on() {
        return this != NONE;
    }

    /**
     * Returns how a report names the setting.
     *
     * @return such as {@code context takeover}
     */
    public String describe() {
        return switch (this) {
            case NONE -> "uncompressed";
            case CONTEXT_TAKEOVER -> "context takeover";
            case NO_CONTEXT_TAKEOVER -> "no context takeover";
        };
    }

    /**
     * Finds a setting by its label.
     *
     * @param label such as {@code deflate}
     * @return the setting
     * @throws IllegalArgumentException naming the labels, if none matches
     */
    public static Compression named(String label) {
        for (Compression c : values()) {
            if (c.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + label + "'; known: none, deflate, deflate-no-context");
    }

    /**
     * Parses a command line's {@code --deflate} value and checks the servers can take it.
     *
     * @param value   {@code none}, {@code deflate} or {@code deflate-no-context}
     * @param servers the servers asked for, or null for the command's default
     * @return the setting
     * @throws IllegalArgumentException naming what is wrong
     */
    static Compression forServers(String value, java.util.List<Subject> servers) {
        Compression c = named(value);
        if (c.on() && servers != null) {
            for (Subject s : servers) {
                if (s == Subject.HELIDON || s == Subject.TCP_ECHO) {
                    throw new IllegalArgumentException("--deflate needs servers set up for it (weft-nio, weft-loom, netty, netty-epoll), not "
                            + s.label());
                }
            }
        }
        return c;
    }

    /** The servers a compressed run measures when none are named: Weft's two and Netty NIO. */
    static final java.util.List<Subject> DEFAULT_SERVERS = java.util.List.of(Subject.WEFT_NIO, Subject.WEFT_LOOM, Subject.NETTY);

    /**
     * Returns the extension factory Weft's echo server negotiates with: one per server, so its
     * pool of zlib streams is shared by every connection as in a real server.
     *
     * @return the server's factory
     */
    PerMessageDeflate weftServer() {
        return new PerMessageDeflate(DeflateConfig.defaults().withLevel(LEVEL).withThreshold(0));
    }

    /**
     * Returns the handler that negotiates permessage-deflate in Netty's pipeline.
     *
     * @return a new handler, one per connection
     */
    // Netty 4.2 deprecates its handshaker's short constructors in favour of ones that also take
    // allocation limits; the short ones apply Netty's default limits, which is what its users get.
    @SuppressWarnings("deprecation")
    WebSocketServerExtensionHandler nettyServer() {
        // level 6; no server_max_window_bits of its own; the client's window left at 15; an
        // offered server_no_context_takeover accepted; no client_no_context_takeover asked for.
        return new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(
                LEVEL, false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false));
    }

    /**
     * Returns the client factory the generator offers with.
     *
     * @return the factory; its offers are {@code permessage-deflate; client_max_window_bits}, with
     *         both no-context-takeover parameters for {@link #NO_CONTEXT_TAKEOVER}
     * @throws IllegalStateException for {@link #NONE}
     */
    PerMessageDeflate client() {
        if (this == NONE) {
            throw new IllegalStateException("no compression to offer");
        }
        return new PerMessageDeflate(DeflateConfig.defaults().withNoContextTakeover(this == NO_CONTEXT_TAKEOVER));
    }
}
