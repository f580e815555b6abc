/**
 * permessage-deflate (RFC 7692): negotiation of its four parameters on both sides, and the
 * message transforms that deflate and inflate with the JDK's zlib ({@code java.util.zip}, raw
 * deflate). Start with {@link dev.weft.codec.extension.deflate.PerMessageDeflate} and
 * {@link dev.weft.codec.extension.deflate.DeflateConfig}, which says what each setting costs.
 */
package dev.weft.codec.extension.deflate;
