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
    private final ExtensionOffer agreed;
    private final MessageDeflater outbound;
    private final MessageInflater inbound;

    DeflateExtension(ExtensionOffer agreed, MessageDeflater outbound, MessageInflater inbound) {
        this.agreed = agreed;
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
        return agreed;
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
        return agreed.toHeaderValue();
    }
}
