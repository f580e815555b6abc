package dev.weft.transport.nio;

import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.TransportProvider;

/** Provides the NIO transport under the name {@code nio}. */
public final class NioTransportProvider implements TransportProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public NioTransportProvider() {
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public Transport open(TransportOptions options) {
        return new NioTransport(options);
    }
}
