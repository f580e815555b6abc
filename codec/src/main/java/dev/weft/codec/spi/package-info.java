/**
 * The transport SPI: what a transport implements so that servers and clients can run on it,
 * chosen by name ({@code nio}, {@code loom}) through {@link java.util.ServiceLoader}.
 *
 * <p>A transport only moves bytes and runs timers: it drives a
 * {@link dev.weft.codec.engine.Connection} per TCP connection, and every protocol decision is
 * the connection's.
 */
package dev.weft.codec.spi;
