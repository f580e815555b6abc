/**
 * Extensions (RFC 6455 §9): how they are offered and accepted in the opening handshake, and how a
 * negotiated extension takes part in reading and writing messages.
 *
 * <p>An {@link dev.weft.codec.extension.ExtensionFactory} negotiates; the
 * {@link dev.weft.codec.extension.Extension} it yields claims RSV bits and transforms message
 * payloads in each direction through a {@link dev.weft.codec.extension.MessageTransform}. The
 * shape fits permessage-deflate (RFC 7692): RSV1 marks a compressed message, and the transform
 * inflates or deflates its payload as it streams through.
 */
package dev.weft.codec.extension;
