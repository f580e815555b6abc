package dev.weft.codec.engine;

import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Part of a file to send as a response body, for a zero-copy path ({@link FileChannel#transferTo})
 * where the transport allows it. The codec only passes it along: the application opened the
 * channel, and the transport that writes the region closes it afterwards, written or not.
 *
 * @param channel  the open file
 * @param position where the region starts
 * @param count    how many bytes to send
 */
public record FileRegion(FileChannel channel, long position, long count) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     */
    public FileRegion {
        Objects.requireNonNull(channel, "channel");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position and count must not be negative");
        }
    }
}
