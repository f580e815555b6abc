/**
 * The opening handshake of RFC 6455 §4, for both ends.
 *
 * <p>A server parses a request with {@link dev.weft.codec.http.HttpRequestParser}, routes it with
 * {@link dev.weft.codec.handshake.ServerHandshake#isUpgradeRequest}, and lets
 * {@link dev.weft.codec.handshake.ServerHandshake#accept} decide: a 101 response with the
 * negotiated subprotocol and extensions, or an error response and a reason. A client writes the
 * request of a {@link dev.weft.codec.handshake.ClientHandshake}, parses the answer with
 * {@link dev.weft.codec.http.HttpResponseParser}, and checks it with
 * {@link dev.weft.codec.handshake.ClientHandshake#validate}. Either way the bytes left after the
 * head in the input buffer are the first WebSocket frames.
 */
package dev.weft.codec.handshake;
