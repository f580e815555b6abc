package dev.weft.codec.spi;

import java.util.List;
import java.util.ServiceLoader;

/** Finds transports by name among the {@link TransportProvider}s on the class or module path. */
public final class Transports {
    private Transports() {
    }

    /**
     * Returns the provider with the given name.
     *
     * @param name the transport's name, such as {@code nio} or {@code loom}
     * @return the provider
     * @throws IllegalArgumentException if no provider has that name; the message lists those that exist
     */
    public static TransportProvider provider(String name) {
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + name + "'; available: " + String.join(", ", available()));
    }

    /**
     * Returns the names of every transport found.
     *
     * @return the names, in discovery order
     */
    public static List<String> available() {
        return ServiceLoader.load(TransportProvider.class).stream().map(p -> p.get().name()).toList();
    }
}
