package dev.weft.codec.extension.deflate;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.frame.FrameHeader;

/**
 * permessage-deflate as agreed for one connection (RFC 7692): RSV1 marks a compressed message
 * (§6), one transform deflates what this end sends and the other inflates what the peer sends.
 *
 * @see PerMessageDeflate
 */
final class DeflateExtension implements Extension {
    /** The element as the peer wrote it (a client's view of the response), or null on a server. */
    private final ExtensionOffer agreed;
    /** On a server, the answer, kept as four fields rather than as an element with its two maps. */
    private final DeflateParameters answer;
    private final MessageDeflater outbound;
    private final MessageInflater inbound;

    DeflateExtension(ExtensionOffer agreed, MessageDeflater outbound, MessageInflater inbound) {
        this.agreed = agreed;
        this.answer = null;
        this.outbound = outbound;
        this.inbound = inbound;
    }

    /**
     * A server's extension: its answer becomes an element only when asked for (once, for the
     * response header), so an open connection holds four fields instead of about 300 bytes of maps.
     */
    DeflateExtension(DeflateParameters answer, MessageDeflater outbound, MessageInflater inbound) {
        this.agreed = null;
        this.answer = answer;
        this.outbound = outbound;
        this.inbound = inbound;
    }

    @Override
    public String name() {
        return DeflateParameters.NAME;
    }

    @Override
    public int rsvBits() {
        return FrameHeader.RSV1;
    }

    @Override
    public ExtensionOffer agreed() {
        return agreed != null ? agreed : answer.toElement();
    }

    @Override
    public MessageTransform inbound() {
        return inbound;
    }

    @Override
    public MessageTransform outbound() {
        return outbound;
    }

    @Override
    public void release() {
        outbound.release();
        inbound.release();
    }

    @Override
    public String toString() {
        return agreed().toHeaderValue();
    }
}
