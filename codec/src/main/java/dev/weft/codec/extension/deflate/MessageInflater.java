package dev.weft.codec.extension.deflate;

import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import dev.weft.codec.frame.FrameHeader;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the messages the peer sends (RFC 7692 §7.2.2), as they stream in.
 *
 * <p>A message with RSV1 set is inflated frame by frame; at its end the four bytes
 * {@code 00 00 ff ff} the sender removed are put back (§7.2.2) to complete the last block.
 * Output goes on in chunks of at most {@value #CHUNK} bytes, each handed on before the next is
 * made, so the engine's size limit stops a decompression bomb within one chunk of the limit and
 * no more is ever inflated. Corrupt data (a bad block, a dictionary request, bytes after a final
 * block) fails the connection with {@link CloseCode#INVALID_FRAME_PAYLOAD_DATA}. A 32 KiB window
 * reads any smaller one, so the agreed windows need nothing here.
 *
 * <p>The decompressor is made on first use and held while the peer keeps its context; when the
 * peer resets per message it is borrowed from the pool per message, and so is the chunk it
 * inflates into, so that a message allocates neither. Not thread-safe.
 */
final class MessageInflater implements MessageTransform {

    /** The largest piece of output made before handing it on. */
    static final int CHUNK = 8 * 1024;

    /** §7.2.2: what the sender took off the end of the message. */
    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};

    private final ZlibPool pool;
    private final boolean contextTakeover;

    private Inflater inflater;
    private byte[] chunk;
    /** The view of {@link #chunk} each piece goes on in, made with the chunk. */
    private ByteBuffer piece;
    /** The deflate stream ended (a block with BFINAL set) in the current message. */
    private boolean streamEnded;
    private boolean released;

    MessageInflater(ZlibPool pool, boolean contextTakeover) {
        this.pool = pool;
        this.contextTakeover = contextTakeover;
    }

    /** §6: RSV1 on a message's first frame says it is compressed; others pass through. */
    @Override
    public boolean appliesTo(int rsv) {
        return (rsv & FrameHeader.RSV1) != 0;
    }

    @Override
    public void transform(ByteBuffer input, boolean endOfMessage, Consumer<ByteBuffer> output) {
        if (released) {
            throw new IllegalStateException("permessage-deflate was released with its connection");
        }
        if (inflater == null) {
            inflater = pool.inflater();
            // A held decompressor keeps a chunk of its own; a borrowed one borrows one too.
            chunk = contextTakeover ? new byte[CHUNK] : pool.chunk();
            piece = ByteBuffer.wrap(chunk);
        }
        if (input.hasRemaining()) {
            if (streamEnded) {
                throw corrupt("data after the final deflate block");
            }
            inflater.setInput(input);
            inflate(output);
        }
        if (endOfMessage) {
            if (!streamEnded) {
                inflater.setInput(TRAILER);
                inflate(output);
            }
            if (!contextTakeover || streamEnded) {
                // The next message starts a new stream: the peer reset its context, or ended it.
                giveBack();
            }
            streamEnded = false;
        }
    }

    /** Inflates the input set, a chunk at a time, handing each on before the next is made. */
    private void inflate(Consumer<ByteBuffer> output) {
        while (true) {
            int n;
            try {
                n = inflater.inflate(chunk);
            } catch (DataFormatException e) {
                throw corrupt("corrupt compressed data: " + e.getMessage());
            }
            if (n > 0) {
                output.accept(piece.clear().limit(n));
            } else if (inflater.finished()) {
                streamEnded = true;
                if (inflater.getRemaining() > 0) {
                    throw corrupt("data after the final deflate block");
                }
                return;
            } else if (inflater.needsDictionary()) {
                throw corrupt("compressed data asks for a preset dictionary");
            } else {
                // needsInput(), or no progress possible: what remains comes with the next frame.
                return;
            }
        }
    }

    private void giveBack() {
        if (contextTakeover) {
            inflater.reset();
            return;
        }
        pool.release(inflater);
        pool.releaseChunk(chunk);
        inflater = null;
        chunk = null;
        piece = null;
    }

    private static FailConnectionException corrupt(String why) {
        return new FailConnectionException(CloseCode.INVALID_FRAME_PAYLOAD_DATA, why);
    }

    /** Ends or gives back the decompressor; the connection is over. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (inflater != null) {
            if (contextTakeover) {
                pool.end(inflater);
            } else {
                pool.release(inflater);
                pool.releaseChunk(chunk);
            }
            inflater = null;
        }
        chunk = null;
        piece = null;
    }
}
