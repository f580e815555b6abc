package dev.weft.codec.spi;

/**
 * Makes transports of one kind; registered as a {@link java.util.ServiceLoader} service
 * ({@code provides dev.weft.codec.spi.TransportProvider with ...}).
 */
public interface TransportProvider {

    /**
     * Returns the name users select this transport by.
     *
     * @return the name, such as {@code nio} or {@code loom}
     */
    String name();

    /**
     * Starts a transport: its threads, loops and timers.
     *
     * @param options threads and timeouts
     * @return the running transport; close it to release everything
     */
    Transport open(TransportOptions options);
}
