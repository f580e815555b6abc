/**
 * The sans-I/O connection engine: one object per connection that takes the peer's bytes in and
 * hands events out, and takes the application's calls in and hands bytes out.
 *
 * <p>{@link dev.weft.codec.engine.WebSocketProtocol} runs RFC 6455 after the opening handshake:
 * messages, automatic pongs, the closing handshake of §5.5.1 and §7, failing the connection on
 * every protocol error, limits and outbound back-pressure. Transports feed it bytes, write the
 * {@link dev.weft.codec.engine.Outbound} data it produces, run the timers its
 * {@link dev.weft.codec.engine.ConnectionState} calls for, and close TCP when it says so. They
 * hold no protocol logic of their own.
 */
package dev.weft.codec.engine;
