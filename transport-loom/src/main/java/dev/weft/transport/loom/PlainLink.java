package dev.weft.transport.loom;

import dev.weft.codec.engine.FileRegion;
import dev.weft.codec.engine.Outbound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain TCP over a blocking {@link SocketChannel}: gathering writes, and file regions with
 * {@link java.nio.channels.FileChannel#transferTo} (zero copy where the platform has it). Blocking
 * channel I/O parks a virtual thread rather than its carrier.
 */
final class PlainLink implements Link {

    private final SocketChannel channel;

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
    public int available() throws IOException {
        // The channel has no available() of its own; its socket adaptor asks the kernel (FIONREAD).
        return channel.socket().getInputStream().available();
    }

    @Override
    public void write(List<Outbound> batch) throws IOException {
        try {
            List<ByteBuffer> gather = new ArrayList<>();
            for (Outbound out : batch) {
                for (ByteBuffer b : out.buffers()) {
                    if (b.hasRemaining()) {
                        gather.add(b);
                    }
                }
                if (out.file() != null) {
                    writeAll(gather);
                    gather.clear();
                    transfer(out.file());
                }
            }
            writeAll(gather);
        } finally {
            Outbounds.closeFiles(batch);
        }
    }

    private void writeAll(List<ByteBuffer> buffers) throws IOException {
        if (buffers.isEmpty()) {
            return;
        }
        ByteBuffer[] array = buffers.toArray(ByteBuffer[]::new);
        ByteBuffer last = array[array.length - 1];
        while (last.hasRemaining()) {
            channel.write(array);
        }
    }

    private void transfer(FileRegion file) throws IOException {
        long position = file.position();
        long end = position + file.count();
        while (position < end) {
            long n = file.channel().transferTo(position, end - position, channel);
            if (n <= 0 && position < end && file.channel().size() < end) {
                throw new IOException("file region ends past the end of the file");
            }
            position += n;
        }
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
