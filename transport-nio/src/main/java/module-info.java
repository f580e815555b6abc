/**
 * Weft's NIO transport: selector event loops that move bytes between sockets and the codec's
 * connection engines and run their timers. Selected by the name {@code nio}.
 */
module dev.weft.transport.nio {
    requires dev.weft.codec;

    provides dev.weft.codec.spi.TransportProvider with dev.weft.transport.nio.NioTransportProvider;
}
