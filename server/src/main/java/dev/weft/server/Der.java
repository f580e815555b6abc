package dev.weft.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Just enough DER (ITU-T X.690) to rewrap traditional private keys as PKCS#8: definite-length
 * tag-length-value reading and writing, single-byte tags only.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** Writes one element: tag, the shortest length form (§8.1.3), content. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Writes a SEQUENCE of already encoded elements. */
    static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] e : elements) {
            content.writeBytes(e);
        }
        return tlv(SEQUENCE, content.toByteArray());
    }

    /** Reads elements one after another from a byte array. */
    static final class Reader {
        private final byte[] in;
        private final String malformed;
        private int pos;

        /**
         * @param in        the encoded elements
         * @param malformed the message of the exception thrown on bad input
         */
        Reader(byte[] in, String malformed) {
            this.in = in;
            this.malformed = malformed;
        }

        boolean hasMore() {
            return pos < in.length;
        }

        int peekTag() throws IOException {
            if (pos >= in.length) {
                throw new IOException(malformed);
            }
            return in[pos] & 0xFF;
        }

        /** Reads the next element, which must have this tag, and returns its content. */
        byte[] expect(int tag) throws IOException {
            if (peekTag() != tag || pos + 1 >= in.length) {
                throw new IOException(malformed);
            }
            pos++;
            int first = in[pos++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int bytes = first & 0x7F;
                if (bytes == 0 || bytes > 4 || pos + bytes > in.length) {
                    throw new IOException(malformed); // indefinite or absurd lengths are not DER
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | (in[pos++] & 0xFF);
                }
            }
            if (length > in.length - pos) {
                throw new IOException(malformed);
            }
            byte[] content = Arrays.copyOfRange(in, pos, pos + (int) length);
            pos += (int) length;
            return content;
        }
    }
}
