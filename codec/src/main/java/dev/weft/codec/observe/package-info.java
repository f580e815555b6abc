/**
 * What a running connection lets you see, without a dependency: JFR events and a metrics
 * listener.
 *
 * <p>The engine emits the same events on every transport. JFR events ({@link ConnectionOpened},
 * {@link ConnectionClosed}, {@link HandshakeRejected}, {@link HttpExchange},
 * {@link MessageSize} and {@link SendQueueStall}, all in the {@code dev.weft} category) cost
 * nothing unless a recording enables them; record them with {@code jcmd PID JFR.start} or
 * {@code -XX:StartFlightRecording} and read them in JDK Mission Control or with
 * {@code jfr print --events 'dev.weft.*'}. A {@link MetricsListener} set on a server or client
 * builder receives the same facts as counters and gauges, to bind to Micrometer, Prometheus or
 * anything else.
 */
package dev.weft.codec.observe;
