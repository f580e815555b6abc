package dev.weft.benchmarks.load;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.deflate.DeflateParameters;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One generator connection's compressed traffic: the frames it owes the server, and the echoes it
 * reads back. Each echo is inflated (RFC 7692 §7.2.2, with the server's context kept or reset as
 * agreed) and compared whole with the message sent; an echo the server chose not to compress
 * (RSV1 clear) is compared as it is. It counts the echoes' bytes on the wire beside their payload,
 * which gives the server's compression ratio.
 *
 * <p>A resumable state machine over the fields of RFC 6455 §5.2, like {@link EchoReader}: frames
 * may arrive in pieces of any size. Only the connection's loop thread uses it.
 */
final class DeflateEchoes {

    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final int RSV1 = 0x40;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CONTINUATION = 0x0;

    private enum Field {
        OPCODE_AND_LENGTH,
        EXTENDED_LENGTH,
        PAYLOAD
    }

    private final DeflateTraffic traffic;
    private final long first;
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private long sent;
    private long received;

    private boolean serverResets;
    private Inflater inflater;
    private byte[] out;
    private int outLength;

    private final HeaderField header = new HeaderField();
    private Field field = Field.OPCODE_AND_LENGTH;
    private int need;
    private boolean fin;
    private long frameLength;
    private long frameOffset;
    private boolean inMessage;
    private boolean compressed;

    private long wireBytes;
    private long payloadBytes;
    private long verified;

    DeflateEchoes(DeflateTraffic traffic, int id) {
        this.traffic = traffic;
        this.first = traffic.start(id);
    }

    /** Returns the extension to offer in the opening handshake. */
    PerMessageDeflate offer() {
        return traffic.compression().client();
    }

    /**
     * Takes the extensions the opening handshake agreed on.
     *
     * @throws LoadFailure if the server did not agree to permessage-deflate, or did not reset its
     *                     context when asked to
     */
    void agreed(List<Extension> extensions) {
        Extension deflate = extensions.stream().filter(e -> e.name().equals(DeflateParameters.NAME)).findFirst()
                .orElseThrow(() -> new LoadFailure("the server declined permessage-deflate"));
        serverResets = DeflateParameters.parse(deflate.agreed(), true).serverNoContextTakeover();
        if (traffic.compression() == Compression.NO_CONTEXT_TAKEOVER && !serverResets) {
            throw new LoadFailure("the server did not accept server_no_context_takeover: " + deflate.agreed().toHeaderValue());
        }
        // The generator compresses with frames of its own; the codec's transforms stay unused.
        deflate.release();
    }

    /** Queues the frames of the next {@code count} messages behind what is still owed. */
    void queue(int count) {
        int bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += traffic.frame(first + sent + i).length;
        }
        int owed = pending.remaining();
        if (pending.capacity() < owed + bytes) {
            pending = ByteBuffer.allocate(Math.max(pending.capacity() * 2, owed + bytes)).put(pending);
        } else {
            pending.compact();
        }
        for (int i = 0; i < count; i++) {
            pending.put(traffic.frame(first + sent++));
        }
        pending.flip();
    }

    /**
     * Writes what is owed, as far as the kernel takes it.
     *
     * @return whether bytes are still owed
     */
    boolean write(SocketChannel channel) throws IOException {
        channel.write(pending);
        return pending.hasRemaining();
    }

    /**
     * Reads on.
     *
     * @param in bytes from the server, owned by the caller; all consumed, no reference kept
     * @return how many echoes these bytes completed
     * @throws LoadFailure if an echo is not the message sent
     */
    int read(ByteBuffer in) {
        int completed = 0;
        while (in.hasRemaining()) {
            switch (field) {
                case OPCODE_AND_LENGTH -> {
                    if (header.gather(in, 2)) {
                        completed += opcodeAndLength();
                    }
                }
                case EXTENDED_LENGTH -> {
                    if (header.gather(in, need)) {
                        long length = header.bigEndian(need);
                        wireBytes += need;
                        completed += beginPayload(length);
                    }
                }
                case PAYLOAD -> completed += payload(in);
            }
        }
        return completed;
    }

    long echoes() {
        return received;
    }

    long verified() {
        return verified;
    }

    /** Returns the echoes' bytes on the wire, frame headers included. */
    long wireBytes() {
        return wireBytes;
    }

    /** Returns the echoes' payload bytes once inflated. */
    long payloadBytes() {
        return payloadBytes;
    }

    /** Ends the decompressor: the connection is closing, or expects nothing more. */
    void release() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
            out = null;
        }
    }


    private int opcodeAndLength() {
        int b0 = header.unsigned(0);
        int b1 = header.unsigned(1);
        wireBytes += 2;
        int opcode = b0 & 0x0F;
        int rsv = b0 & 0x70;
        if (!inMessage) {
            if (opcode != OPCODE_TEXT) {
                throw new LoadFailure("the server sent opcode 0x" + Integer.toHexString(opcode) + " where a text echo was due");
            }
            if ((rsv & ~RSV1) != 0) {
                throw new LoadFailure("the server set RSV bits 0x" + Integer.toHexString(rsv) + "; only RSV1 was agreed");
            }
            compressed = rsv == RSV1;
            inMessage = true;
            outLength = 0;
            if (out == null) {
                out = new byte[traffic.size() + 1];
            }
        } else if (opcode != OPCODE_CONTINUATION || rsv != 0) {
            throw new LoadFailure("the server sent opcode 0x" + Integer.toHexString(opcode) + " with RSV 0x" + Integer.toHexString(rsv)
                    + " where a continuation without RSV bits was due (RFC 7692 §6.1)");
        }
        fin = (b0 & 0x80) != 0;
        if ((b1 & 0x80) != 0) {
            throw new LoadFailure("the server masked a frame, which a server must not (RFC 6455 §5.1)");
        }
        int length = b1 & 0x7F;
        if (length == 126 || length == 127) {
            need = length == 126 ? 2 : 8;
            field = Field.EXTENDED_LENGTH;
            return 0;
        }
        return beginPayload(length);
    }

    private int beginPayload(long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new LoadFailure("the server sent a frame of " + length + " bytes");
        }
        frameLength = length;
        frameOffset = 0;
        field = Field.PAYLOAD;
        return frameLength == 0 ? endFrame() : 0;
    }

    private int payload(ByteBuffer in) {
        int n = (int) Math.min(in.remaining(), frameLength - frameOffset);
        ByteBuffer part = in.slice(in.position(), n);
        in.position(in.position() + n);
        wireBytes += n;
        frameOffset += n;
        if (compressed) {
            inflate(part);
        } else {
            if (outLength + n > traffic.size()) {
                throw tooLong();
            }
            part.get(out, outLength, n);
            outLength += n;
        }
        return frameOffset == frameLength ? endFrame() : 0;
    }

    private void inflate(ByteBuffer part) {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        inflater.setInput(part);
        try {
            while (!inflater.needsInput()) {
                int n = inflater.inflate(out, outLength, out.length - outLength);
                outLength += n;
                if (outLength > traffic.size()) {
                    throw tooLong();
                }
                if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                    throw new LoadFailure("echo " + (received + 1) + ": the compressed data ends its stream or asks for a dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new LoadFailure("echo " + (received + 1) + " is not valid deflate data: " + e.getMessage());
        }
    }

    private int endFrame() {
        field = Field.OPCODE_AND_LENGTH;
        if (!fin) {
            return 0;
        }
        if (compressed) {
            inflate(ByteBuffer.wrap(TRAILER));
            if (serverResets) {
                inflater.reset();
            }
        }
        byte[] expected = traffic.message(first + received);
        if (outLength != expected.length) {
            throw new LoadFailure("echo " + (received + 1) + " has " + outLength + " bytes; the message sent had " + expected.length);
        }
        int differs = Arrays.mismatch(out, 0, outLength, expected, 0, expected.length);
        if (differs >= 0) {
            throw new LoadFailure("echo " + (received + 1) + " differs from the message sent at byte " + differs + " of " + expected.length);
        }
        verified++;
        payloadBytes += expected.length;
        inMessage = false;
        received++;
        return 1;
    }

    private LoadFailure tooLong() {
        return new LoadFailure("echo " + (received + 1) + " is longer than the " + traffic.size() + "-byte message sent");
    }
}
