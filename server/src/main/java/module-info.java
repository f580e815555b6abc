/**
 * Weft's server: the Mongoose/libwebsockets tutorial echo server, as an embeddable library
 * ({@link dev.weft.server.WeftServer}) and as the {@code ./weft server} command.
 *
 * <p>Transports are found by name at run time through the codec's
 * {@link dev.weft.codec.spi.Transports}; the NIO transport comes with this module.
 */
module dev.weft.server {
    requires transitive dev.weft.codec;
    requires info.picocli;

    exports dev.weft.server;

    // picocli fills the command's option fields by reflection.
    opens dev.weft.server.cli to info.picocli;

    uses dev.weft.codec.spi.TransportProvider;
}
