/**
 * Weft's virtual-thread transport: one virtual thread reads each connection with blocking I/O,
 * feeds the codec's engine, hands its events to the application and writes the replies; a writer
 * virtual thread starts only for output sent from elsewhere.
 *
 * <p>Select it by name: {@code Transports.provider("loom")}. It exports no package; everything
 * an application needs is in {@code dev.weft.codec}'s API and SPI.
 */
module dev.weft.transport.loom {
    requires dev.weft.codec;

    provides dev.weft.codec.spi.TransportProvider with dev.weft.transport.loom.LoomTransportProvider;
}
