package dev.weft.codec.extension.deflate;

import java.util.zip.Deflater;

/**
 * The settings of permessage-deflate (RFC 7692) for one side, server or client, in the RFC's
 * words; the same record serves both, since the parameters are named after the role they bind.
 *
 * <p>What each costs per connection (zlib as the JDK builds it: memLevel 8, a 32 KiB history,
 * neither of which {@link Deflater} lets a caller change):
 * <ul>
 *   <li>a compressor holds about 256 KiB of native memory (history, hash chains and pending
 *       output) from its first compressed message until the connection closes, when context
 *       takeover is in force in that direction. Without context takeover it is borrowed from a
 *       pool for one message only, so an idle connection holds none;</li>
 *   <li>a decompressor holds about 40 KiB (its 32 KiB window and state) plus an 8 KiB output
 *       chunk under the same rule: held from first use while the peer keeps its context, borrowed
 *       per message when the peer resets it;</li>
 *   <li>a smaller window ({@code serverMaxWindowBits} on a server, {@code clientMaxWindowBits}
 *       on a client) does not shrink zlib's memory in the JDK; it limits how far back the
 *       compressor refers, kept by a full flush every 2^bits input bytes, which costs some ratio
 *       (a few bytes per flush, and matches cut short). Its use is to honour what a peer asks for,
 *       so that a peer with a small window can talk to Weft.</li>
 * </ul>
 *
 * @param serverNoContextTakeover a server: reset its compressor after every message (and say so);
 *                                a client: ask the server to. Saves the server's 256 KiB per idle
 *                                connection at some cost in ratio
 * @param clientNoContextTakeover a server: ask the client to reset its compressor per message; a
 *                                client: reset its own (and say so). Saves the server's 40 KiB of
 *                                decompressor per idle connection
 * @param serverMaxWindowBits     8–15: a server uses at most this window (and says so when below
 *                                15); a client asks the server for it (offers it when below 15)
 * @param clientMaxWindowBits     8–15: a server asks the client for at most this window when the
 *                                client allows it (below 15); a client uses at most this window
 * @param level                   the zlib level, 0–9 or {@link Deflater#DEFAULT_COMPRESSION}
 * @param threshold               messages shorter than this many bytes are sent uncompressed
 *                                (RSV1 clear), since deflate cannot shrink them enough to pay
 * @param poolSize                how many idle compressors and decompressors the factory keeps
 *                                for connections without context takeover; more are ended
 */
public record DeflateConfig(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                            int serverMaxWindowBits, int clientMaxWindowBits,
                            int level, int threshold, int poolSize) {

    /** The smallest window RFC 7692 allows: 2^8 bytes. */
    public static final int MIN_WINDOW_BITS = 8;
    /** The largest window, and deflate's own: 2^15 bytes. */
    public static final int MAX_WINDOW_BITS = 15;

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a window is outside 8–15, the level outside -1–9, or a
     *                                  count negative
     */
    public DeflateConfig {
        checkWindow("serverMaxWindowBits", serverMaxWindowBits);
        checkWindow("clientMaxWindowBits", clientMaxWindowBits);
        if (level < Deflater.DEFAULT_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("level must be -1 to 9: " + level);
        }
        if (threshold < 0 || poolSize < 0) {
            throw new IllegalArgumentException("threshold and poolSize must not be negative");
        }
    }

    /**
     * Returns the defaults: context takeover both ways, full windows, level 6, no compression
     * below 64 bytes, a pool of 16.
     *
     * @return the default settings
     */
    public static DeflateConfig defaults() {
        return new DeflateConfig(false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS, 6, 64, 16);
    }

    /**
     * Returns a copy with context takeover switched off (or on) in both directions: the setting
     * for many idle connections, each holding no zlib state between messages.
     *
     * @param off whether both sides reset their context per message
     * @return the new settings
     */
    public DeflateConfig withNoContextTakeover(boolean off) {
        return new DeflateConfig(off, off, serverMaxWindowBits, clientMaxWindowBits, level, threshold, poolSize);
    }

    /**
     * Returns a copy with the given context takeover settings.
     *
     * @param server the server resets per message
     * @param client the client resets per message
     * @return the new settings
     */
    public DeflateConfig withContextTakeover(boolean server, boolean client) {
        return new DeflateConfig(!server, !client, serverMaxWindowBits, clientMaxWindowBits, level, threshold, poolSize);
    }

    /**
     * Returns a copy with other windows.
     *
     * @param server {@code server_max_window_bits}, 8–15
     * @param client {@code client_max_window_bits}, 8–15
     * @return the new settings
     */
    public DeflateConfig withMaxWindowBits(int server, int client) {
        return new DeflateConfig(serverNoContextTakeover, clientNoContextTakeover, server, client, level, threshold, poolSize);
    }

    /**
     * Returns a copy with another level.
     *
     * @param level 0–9, or -1 for zlib's default
     * @return the new settings
     */
    public DeflateConfig withLevel(int level) {
        return new DeflateConfig(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits, level, threshold, poolSize);
    }

    /**
     * Returns a copy with another threshold.
     *
     * @param bytes messages shorter than this go uncompressed
     * @return the new settings
     */
    public DeflateConfig withThreshold(int bytes) {
        return new DeflateConfig(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits, level, bytes, poolSize);
    }

    /**
     * Returns a copy with another pool size.
     *
     * @param size idle compressors (and decompressors) kept for reuse
     * @return the new settings
     */
    public DeflateConfig withPoolSize(int size) {
        return new DeflateConfig(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits, level, threshold, size);
    }

    private static void checkWindow(String name, int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException(name + " must be 8 to 15: " + bits);
        }
    }
}
