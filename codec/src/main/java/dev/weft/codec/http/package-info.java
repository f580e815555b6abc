/**
 * HTTP/1.1 message heads (RFC 9110, RFC 9112), as much as a WebSocket endpoint needs: parsing
 * requests on the server and responses on the client, and writing both.
 *
 * <p>{@link dev.weft.codec.http.HttpRequestParser} and
 * {@link dev.weft.codec.http.HttpResponseParser} are resumable: they take input split anywhere,
 * enforce {@link dev.weft.codec.http.HttpLimits} as bytes arrive, and leave whatever follows a
 * head in the caller's buffer, since after an upgrade those bytes are WebSocket frames. A refused
 * head throws {@link dev.weft.codec.http.HttpException} carrying the status to answer with.
 *
 * <h2>Buffers</h2>
 * A parser consumes input from the buffer's position, moves the position past what it used and
 * keeps no reference to the buffer. Every buffer an encoder returns is new and belongs to the
 * caller.
 */
package dev.weft.codec.http;
