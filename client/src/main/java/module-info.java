/**
 * Weft's client: {@link dev.weft.client.WeftClient} connects to a WebSocket server and hands its
 * events to a {@link dev.weft.codec.api.WebSocketHandler}; {@link dev.weft.client.BlockingWebSocket}
 * waits for replies; {@link dev.weft.client.ReconnectPolicy} reconnects with back-off.
 *
 * <p>Transports are found by name at run time through the codec's
 * {@link dev.weft.codec.spi.Transports} ({@link java.util.ServiceLoader}): add
 * {@code dev.weft.transport.nio} (the default) or {@code dev.weft.transport.loom} to the module
 * path or class path; the Maven artifact brings both as runtime dependencies.
 */
module dev.weft.client {
    requires transitive dev.weft.codec;
    // Only the ./weft client command uses picocli; the library runs without it.
    requires static info.picocli;

    exports dev.weft.client;

    // picocli fills the command's option fields by reflection.
    opens dev.weft.client to info.picocli;

    uses dev.weft.codec.spi.TransportProvider;
}
