/**
 * Weft's codec: a pure, I/O-free implementation of RFC 6455, The WebSocket Protocol.
 *
 * <p>The codec never touches a socket, a thread or a clock. It takes bytes in and hands events
 * out, and takes API calls in and hands bytes out; a transport moves those bytes.
 *
 * <p>Exported packages:
 * <ul>
 *   <li>{@link dev.weft.codec.frame} — the frame layer of RFC 6455 §5: reading, validating,
 *       assembling and writing frames, masking, UTF-8 validation and close codes.</li>
 *   <li>{@link dev.weft.codec.extension} — extension negotiation and message transforms (§9).</li>
 *   <li>{@link dev.weft.codec.extension.deflate} — permessage-deflate (RFC 7692) on
 *       {@code java.util.zip}.</li>
 *   <li>{@link dev.weft.codec.http} — HTTP/1.1 request and response heads (RFC 9112).</li>
 *   <li>{@link dev.weft.codec.handshake} — the opening handshake of §4, client and server.</li>
 *   <li>{@link dev.weft.codec.engine} — the sans-I/O connection engine: bytes in, events out;
 *       calls in, bytes out.</li>
 *   <li>{@link dev.weft.codec.api} — the application API: one handler type for every transport.</li>
 *   <li>{@link dev.weft.codec.spi} — the transport SPI, found by {@link java.util.ServiceLoader}.</li>
 *   <li>{@link dev.weft.codec.observe} — JFR events and the metrics listener.</li>
 * </ul>
 *
 * <p>{@code dev.weft.codec.internal} is shared with Weft's transports only and is not API.
 */
// The transports named below are other modules, absent when the codec is compiled on its own.
@SuppressWarnings("module")
module dev.weft.codec {
    exports dev.weft.codec.frame;
    exports dev.weft.codec.extension;
    exports dev.weft.codec.extension.deflate;
    exports dev.weft.codec.http;
    exports dev.weft.codec.handshake;
    exports dev.weft.codec.engine;
    exports dev.weft.codec.api;
    exports dev.weft.codec.spi;
    exports dev.weft.codec.observe;
    exports dev.weft.codec.internal to dev.weft.transport.nio, dev.weft.transport.loom;

    // JFR is part of the JDK: events cost nothing unless a recording asks for them. Transitive,
    // since the exported events are jdk.jfr.Event subclasses.
    requires transitive jdk.jfr;

    uses dev.weft.codec.spi.TransportProvider;
}
