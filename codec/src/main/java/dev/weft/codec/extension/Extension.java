package dev.weft.codec.extension;

/**
 * A negotiated extension, in force for one connection (RFC 6455 §9).
 *
 * <p>It claims RSV bits, so frames carrying them are not protocol errors, and it may transform
 * message payloads in each direction. Extensions apply in the order they were negotiated.
 */
public interface Extension {

    /**
     * Returns the extension's name, as in the handshake.
     *
     * @return the name, such as {@code permessage-deflate}
     */
    String name();

    /**
     * Returns the RSV bits this extension gives meaning to, as {@code FrameHeader.RSV1} etc.
     *
     * @return a combination of RSV bits, or 0
     */
    int rsvBits();

    /**
     * Returns the offer element that describes this extension as agreed: what a server puts in its
     * {@code Sec-WebSocket-Extensions} response header.
     *
     * @return the agreed name and parameters
     */
    ExtensionOffer agreed();

    /**
     * Returns the transform for messages received from the peer.
     *
     * @return the inbound transform, or {@link MessageTransform#IDENTITY}
     */
    MessageTransform inbound();

    /**
     * Returns the transform for messages sent to the peer.
     *
     * @return the outbound transform, or {@link MessageTransform#IDENTITY}
     */
    MessageTransform outbound();

    /**
     * Frees what the extension holds for its connection, such as permessage-deflate's zlib
     * streams. The engine calls it once, when the connection reaches CLOSED by any path; the
     * transforms are not used afterwards. Does nothing by default.
     */
    default void release() {
    }
}
