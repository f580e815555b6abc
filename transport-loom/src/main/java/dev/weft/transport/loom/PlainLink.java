package dev.weft.transport.loom;

import dev.weft.codec.engine.FileRegion;
import dev.weft.codec.engine.Outbound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Plain TCP over a blocking {@link SocketChannel}: gathering writes, and file regions with
 * {@link java.nio.channels.FileChannel#transferTo} (zero copy where the platform has it). Blocking
 * channel I/O parks a virtual thread rather than its carrier.
 */
final class PlainLink implements Link {

    /** The most a single transferTo sends, so that progress is seen while a long file goes out. */
    private static final long TRANSFER_CHUNK = 1024 * 1024;

    private final SocketChannel channel;
    private volatile long fileProgress;
    /** The array gathering writes are made from; only the one writing thread touches it. */
    private ByteBuffer[] gather;

    PlainLink(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void handshake() {
        // No TLS, nothing to negotiate.
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return channel.read(into);
    }

    @Override
    public void write(List<Outbound> batch) throws IOException {
        try {
            int from = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).file() != null) {
                    writeAll(batch, from, i + 1);
                    transfer(batch.get(i).file());
                    from = i + 1;
                }
            }
            writeAll(batch, from, batch.size());
        } finally {
            Outbounds.closeFiles(batch);
        }
    }

    /** Writes the buffers of {@code batch[from, to)}: one write for one buffer, else one gathering write. */
    private void writeAll(List<Outbound> batch, int from, int to) throws IOException {
        int count = 0;
        ByteBuffer only = null;
        for (int i = from; i < to; i++) {
            for (ByteBuffer b : batch.get(i).buffers()) {
                if (b.hasRemaining()) {
                    count++;
                    only = b;
                }
            }
        }
        if (count == 0) {
            return;
        }
        if (count == 1) {
            while (only.hasRemaining()) {
                channel.write(only);
            }
            return;
        }
        ByteBuffer[] gather = this.gather;
        if (gather == null || gather.length < count) {
            gather = new ByteBuffer[Math.max(count, 16)];
            this.gather = gather;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            for (ByteBuffer b : batch.get(i).buffers()) {
                if (b.hasRemaining()) {
                    gather[n++] = b;
                }
            }
        }
        ByteBuffer last = gather[count - 1];
        try {
            while (last.hasRemaining()) {
                channel.write(gather, 0, count);
            }
        } finally {
            java.util.Arrays.fill(gather, 0, count, null); // the buffers go back to the pool; hold none
        }
    }

    private void transfer(FileRegion file) throws IOException {
        long position = file.position();
        long end = position + file.count();
        while (position < end) {
            long n = file.channel().transferTo(position, Math.min(TRANSFER_CHUNK, end - position), channel);
            if (n <= 0 && position < end && file.channel().size() < end) {
                throw new IOException("file region ends past the end of the file");
            }
            if (n == 0) {
                // The socket is full, and transferTo returns at once instead of waiting (as it
                // does on a virtual thread): a blocking write of one chunk parks until the peer reads.
                n = writeChunk(file, position, end);
            }
            position += n;
            fileProgress = System.nanoTime();
        }
    }

    private int writeChunk(FileRegion file, long position, long end) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(16 * 1024, end - position));
        if (file.channel().read(chunk, position) <= 0) {
            throw new IOException("file region ends past the end of the file");
        }
        chunk.flip();
        int n = chunk.remaining();
        while (chunk.hasRemaining()) {
            channel.write(chunk);
        }
        return n;
    }

    @Override
    public long fileProgressNanos() {
        return fileProgress;
    }

    @Override
    public void close() {
        try {
            channel.shutdownOutput();
        } catch (IOException | RuntimeException ignored) {
            // Already closed or reset: closing is all that is left.
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
