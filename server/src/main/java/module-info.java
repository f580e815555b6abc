/**
 * Weft's server: the Mongoose/libwebsockets tutorial echo server, as an embeddable library
 * ({@link dev.weft.server.WeftServer}) and as the {@code ./weft server} command.
 *
 * <p>Transports are found by name at run time through the codec's
 * {@link dev.weft.codec.spi.Transports} ({@link java.util.ServiceLoader}): add
 * {@code dev.weft.transport.nio} (the default) or {@code dev.weft.transport.loom} to the module
 * path or class path; the Maven artifact brings both as runtime dependencies.
 */
module dev.weft.server {
    requires transitive dev.weft.codec;
    // Only the command (dev.weft.server.cli) uses picocli; the library runs without it.
    requires static info.picocli;

    exports dev.weft.server;

    // picocli fills the command's option fields by reflection.
    opens dev.weft.server.cli to info.picocli;

    uses dev.weft.codec.spi.TransportProvider;
}
