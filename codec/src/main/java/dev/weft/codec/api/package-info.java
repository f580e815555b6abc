/**
 * The transport-neutral application API: what an application writes
 * ({@link dev.weft.codec.api.WebSocketHandler}) and what it is given
 * ({@link dev.weft.codec.api.WebSocketSession}). The same handler class runs unchanged on every
 * transport, server or client side.
 *
 * <p>A server decides per request what to do through a {@link dev.weft.codec.api.RequestRouter}:
 * upgrade to WebSocket with a handler, or answer with a plain HTTP response.
 */
package dev.weft.codec.api;
