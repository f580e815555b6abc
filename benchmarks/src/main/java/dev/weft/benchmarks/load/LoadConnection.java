package dev.weft.benchmarks.load;

import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.HandshakeException;
import dev.weft.codec.http.HttpException;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpResponseParser;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One generator connection: it connects, runs the opening handshake (unless the target is plain
 * TCP), then keeps its messages in flight, sending one more for every echo while its loop is
 * sending. Echoes return in the order sent, so a ring of send times, as long as the number in
 * flight, gives each echo its round trip. Only its loop's thread touches it.
 */
final class LoadConnection {

    /** Where the connection is in its life. */
    enum State {
        CONNECTING,
        UPGRADING,
        OPEN,
        CLOSED
    }

    private final int id;
    private final LoadLoop loop;
    private final SocketChannel channel;
    private final MessageFrame frame;
    private final EchoReader reader;
    /** The compressed traffic, or null when permessage-deflate is not offered. */
    private final DeflateEchoes deflate;
    private final long[] sentAt;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private ClientHandshake handshake;
    private HttpResponseParser responseParser;
    private ByteBuffer request;
    private int oldest;
    private int inFlight;
    private long owed;
    private int runOffset;
    private boolean writing;

    LoadConnection(int id, LoadLoop loop, SocketChannel channel, MessageFrame frame, boolean maskedEchoes, int inflight) {
        this(id, loop, channel, frame, maskedEchoes, inflight, null);
    }

    /**
     * A connection that offers permessage-deflate and sends {@code traffic}'s compressed
     * messages instead of {@code frame}, when {@code traffic} is not null.
     */
    LoadConnection(int id, LoadLoop loop, SocketChannel channel, MessageFrame frame, boolean maskedEchoes, int inflight,
                   DeflateTraffic traffic) {
        this.deflate = traffic == null ? null : new DeflateEchoes(traffic, id);
        this.id = id;
        this.loop = loop;
        this.channel = channel;
        this.frame = frame;
        this.reader = new EchoReader(frame, maskedEchoes);
        this.sentAt = new long[Math.max(1, inflight)];
    }

    /**
     * Returns the connection's number, for messages.
     *
     * @return from 0, in the order connections were asked for
     */
    int id() {
        return id;
    }

    int inFlight() {
        return inFlight;
    }

    long verified() {
        return deflate == null ? reader.verified() : deflate.verified();
    }

    long echoes() {
        return deflate == null ? reader.messages() : deflate.echoes();
    }

    /** Returns the echoes' bytes on the wire and their payload bytes; zeros when uncompressed. */
    long[] compressedBytes() {
        return deflate == null ? new long[2] : new long[] {deflate.wireBytes(), deflate.payloadBytes()};
    }

    /** Starts connecting; the loop calls {@link #connectable} when the kernel is done. */
    void connect(SelectionKey key, EchoTarget target) throws IOException {
        this.key = key;
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (target.webSocket()) {
            handshake = deflate == null ? ClientHandshake.of(target.uri())
                    : ClientHandshake.builder(target.uri()).extensions(List.of(deflate.offer())).build();
        }
        if (channel.connect(target.address())) {
            connectable();
        } else {
            key.interestOps(SelectionKey.OP_CONNECT);
        }
    }

    void connectable() throws IOException {
        channel.finishConnect();
        if (handshake == null) {
            opened();
            return;
        }
        state = State.UPGRADING;
        responseParser = new HttpResponseParser();
        request = handshake.requestBytes();
        key.interestOps(SelectionKey.OP_READ);
        writeRequest();
    }

    /** Puts {@code count} messages in flight, stamped {@code now}. */
    void send(int count, long now) throws IOException {
        for (int i = 0; i < count; i++) {
            if (inFlight == sentAt.length) {
                throw new IllegalStateException("more than " + sentAt.length + " messages in flight");
            }
            sentAt[(oldest + inFlight++) % sentAt.length] = now;
        }
        if (deflate != null) {
            deflate.queue(count);
        } else {
            owed += (long) count * frame.frameLength();
        }
        flush();
    }

    /**
     * Reads what the server sent.
     *
     * @param in the loop's read buffer, lent for this call: cleared, filled and consumed here; no
     *           reference is kept
     */
    void readable(ByteBuffer in) throws IOException {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            throw new LoadFailure("the server closed the connection" + (state == State.OPEN ? " after " + reader.messages() + " echoes"
                    + (inFlight > 0 ? ", with " + inFlight + " messages still unanswered" : "") : " during the opening handshake"));
        }
        in.flip();
        if (state == State.UPGRADING) {
            HttpResponseHead head;
            try {
                head = responseParser.parse(in);
                if (head == null) {
                    return;
                }
                ClientHandshake.Result agreed = handshake.validate(head);
                if (deflate != null) {
                    deflate.agreed(agreed.extensions());
                }
            } catch (HttpException | HandshakeException e) {
                throw new LoadFailure("opening handshake failed: " + e.getMessage(), e);
            }
            responseParser = null;
            handshake = null;
            opened();
        }
        if (!in.hasRemaining()) {
            return;
        }
        long now = System.nanoTime();
        int echoes = deflate == null ? reader.read(in) : deflate.read(in);
        if (echoes > inFlight) {
            throw new LoadFailure("the server sent " + (echoes - inFlight) + " more echoes than messages were sent");
        }
        for (int i = 0; i < echoes; i++) {
            loop.record(now - sentAt[oldest], now);
            oldest = (oldest + 1) % sentAt.length;
            inFlight--;
        }
        if (echoes > 0 && loop.sending()) {
            send(echoes, now);
        } else if (deflate != null && inFlight == 0 && !loop.sending()) {
            // Nothing more will come: an idle connection keeps no decompressor in the generator.
            deflate.release();
        }
    }

    void writable() throws IOException {
        if (state == State.UPGRADING) {
            writeRequest();
        } else {
            flush();
        }
    }

    /** Closes at once, with a reset rather than a FIN, so no port lingers in TIME_WAIT. */
    void close() {
        state = State.CLOSED;
        if (deflate != null) {
            deflate.release();
        }
        try {
            if (channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }

    private void opened() {
        state = State.OPEN;
        key.interestOps(SelectionKey.OP_READ);
        loop.opened();
    }

    private void writeRequest() throws IOException {
        channel.write(request);
        interestInWriting(request.hasRemaining());
    }

    /** Writes what is owed from the run of frames, as far as the kernel takes it. */
    private void flush() throws IOException {
        if (deflate != null) {
            interestInWriting(deflate.write(channel));
            return;
        }
        ByteBuffer run = loop.run();
        while (owed > 0) {
            int from = runOffset;
            int length = (int) Math.min(run.capacity() - from, owed);
            run.limit(from + length).position(from);
            int written = channel.write(run);
            owed -= written;
            // The run holds whole frames back to back, so any offset maps into the first one.
            runOffset = (from + written) % frame.frameLength();
            if (written < length) {
                interestInWriting(true);
                return;
            }
        }
        interestInWriting(false);
    }

    private void interestInWriting(boolean on) {
        if (on != writing) {
            writing = on;
            key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }
}
