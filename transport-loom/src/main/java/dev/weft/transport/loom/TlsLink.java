package dev.weft.transport.loom;

import dev.weft.codec.engine.FileRegion;
import dev.weft.codec.engine.Outbound;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * TLS over an {@link SSLSocket} layered on the connection's blocking {@link SocketChannel}. Small
 * buffers are merged into one TLS record where they fit; file regions go through a buffer, since
 * TLS has to encrypt them.
 */
final class TlsLink implements Link {

    private static final int CHUNK = 16 * 1024;

    private final SocketChannel channel;
    private final SSLSocket socket;
    private InputStream in;
    private OutputStream out;
    /** Scratch space for buffers without a backing array and for file chunks; writer only. */
    private byte[] scratch;
    private volatile long fileProgress;
    /** The same for reads into a direct buffer; reader only, sized to the largest read asked. */
    private byte[] readScratch;

    TlsLink(SocketChannel channel, SSLSocket socket) {
        this.channel = channel;
        this.socket = socket;
    }

    @Override
    public void handshake() throws IOException {
        socket.startHandshake();
        in = socket.getInputStream();
        out = new BufferedOutputStream(socket.getOutputStream(), CHUNK);
    }

    SSLSocket socket() {
        return socket;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (!into.hasArray()) {
            // The TLS socket's stream reads into arrays, and decrypts into them anyway: a direct
            // buffer is filled through a scratch array the link keeps (no larger than one record).
            int want = Math.min(into.remaining(), CHUNK);
            if (readScratch == null || readScratch.length < want) {
                readScratch = new byte[want];
            }
            int n = in.read(readScratch, 0, want);
            if (n > 0) {
                into.put(readScratch, 0, n);
            }
            return n;
        }
        int n = in.read(into.array(), into.arrayOffset() + into.position(), into.remaining());
        if (n > 0) {
            into.position(into.position() + n);
        }
        return n;
    }

    @Override
    public void write(List<Outbound> batch) throws IOException {
        try {
            for (Outbound o : batch) {
                for (ByteBuffer b : o.buffers()) {
                    write(b);
                }
                if (o.file() != null) {
                    transfer(o.file());
                }
            }
            out.flush();
        } finally {
            Outbounds.closeFiles(batch);
        }
    }

    private void write(ByteBuffer b) throws IOException {
        if (b.hasArray()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            b.position(b.limit());
            return;
        }
        byte[] chunk = scratch();
        while (b.hasRemaining()) {
            int n = Math.min(chunk.length, b.remaining());
            b.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    private void transfer(FileRegion file) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(scratch());
        long position = file.position();
        long end = position + file.count();
        while (position < end) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int n = file.channel().read(chunk, position);
            if (n < 0) {
                throw new IOException("file region ends past the end of the file");
            }
            out.write(chunk.array(), 0, n);
            position += n;
            fileProgress = System.nanoTime();
        }
    }

    private byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[CHUNK];
        }
        return scratch;
    }

    @Override
    public long fileProgressNanos() {
        return fileProgress;
    }

    @Override
    public void close() {
        try {
            socket.close(); // sends close_notify, then closes the channel beneath
        } catch (IOException | RuntimeException ignored) {
            // The peer may be gone; the channel is closed below either way.
        }
        abort();
    }

    @Override
    public void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more can be done for a socket that fails to close.
        }
    }
}
