package dev.weft.transport.loom;

import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.TransportProvider;

/** Provides the {@code loom} transport: one virtual thread per connection, blocking I/O. */
public final class LoomTransportProvider implements TransportProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public LoomTransportProvider() {
    }

    @Override
    public String name() {
        return LoomTransport.NAME;
    }

    @Override
    public Transport open(TransportOptions options) {
        return new LoomTransport(options);
    }
}
