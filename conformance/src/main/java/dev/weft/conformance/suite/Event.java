package dev.weft.conformance.suite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Something the fuzzer observed from the peer during a case, in order: the echo of a message, a
 * ping or pong, or a wait that ran out with the connection still open. A case's expectation is a
 * list of these, and the peer passes when what it did equals one of the lists.
 */
public sealed interface Event {

    /** How many payload bytes {@link #describe()} shows before it shortens. */
    int SHOWN_BYTES = 48;

    /**
     * Returns a short description for reports: the kind, the size and the start of the payload.
     *
     * @return one line
     */
    String describe();

    /**
     * A whole message from the peer.
     *
     * @param binary  whether it was a binary message (otherwise text)
     * @param payload its bytes, as assembled from its frames
     */
    record Message(boolean binary, byte[] payload) implements Event {
        /**
         * Returns a text message with {@code text} in UTF-8.
         *
         * @param text the text
         * @return the message
         */
        public static Message text(String text) {
            return new Message(false, text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Returns a text message made of raw bytes (which need not be valid UTF-8).
         *
         * @param utf8 the bytes
         * @return the message
         */
        public static Message text(byte[] utf8) {
            return new Message(false, utf8);
        }

        /**
         * Returns a binary message.
         *
         * @param data the bytes
         * @return the message
         */
        public static Message binary(byte[] data) {
            return new Message(true, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && m.binary == binary && Arrays.equals(m.payload, payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload) * 31 + Boolean.hashCode(binary);
        }

        @Override
        public String describe() {
            return (binary ? "binary message " : "text message ") + show(payload, !binary);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * A whole message from the peer, kept as its length and SHA-256 rather than its bytes: what
     * the compression cases (sections 12 and 13) record, since they echo up to 1000 messages of
     * up to 128 KiB each, which Autobahn also compares by hash.
     *
     */
    final class Digest implements Event {
        private final boolean binary;
        private final int length;
        /** Makes the message's bytes when the hash is first needed; {@code null} once hashed. */
        private java.util.function.Supplier<byte[]> source;
        private String sha256;

        private Digest(boolean binary, int length, java.util.function.Supplier<byte[]> source, String sha256) {
            this.binary = binary;
            this.length = length;
            this.source = source;
            this.sha256 = sha256;
        }

        /**
         * Returns the digest of a message, hashed now.
         *
         * @param binary  whether it is binary
         * @param payload its bytes
         * @return the digest event
         */
        public static Digest of(boolean binary, byte[] payload) {
            return new Digest(binary, payload.length, null, hash(payload));
        }

        /**
         * Returns the digest of a message that is made and hashed only when compared: an expected
         * message of a case, so that building the catalogue does not hash gigabytes.
         *
         * @param binary  whether it is binary
         * @param length  its length
         * @param message makes its bytes
         * @return the digest event
         */
        public static Digest lazy(boolean binary, int length, java.util.function.Supplier<byte[]> message) {
            return new Digest(binary, length, message, null);
        }

        /**
         * Returns whether the message was binary.
         *
         * @return whether it was binary
         */
        public boolean binary() {
            return binary;
        }

        /**
         * Returns the message's length.
         *
         * @return its length in bytes
         */
        public int length() {
            return length;
        }

        /**
         * Returns the SHA-256 of the message, in hex.
         *
         * @return the hash
         */
        public synchronized String sha256() {
            if (sha256 == null) {
                sha256 = hash(source.get());
                source = null;
            }
            return sha256;
        }

        private static String hash(byte[] payload) {
            try {
                return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(payload));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && d.binary == binary && d.length == length && d.sha256().equals(sha256());
        }

        @Override
        public int hashCode() {
            return length * 31 + Boolean.hashCode(binary);
        }

        @Override
        public String describe() {
            return (binary ? "binary message " : "text message ") + length + " bytes, SHA-256 " + sha256().substring(0, 16) + "...";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * A ping from the peer.
     *
     * @param payload its application data
     */
    record Ping(byte[] payload) implements Event {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ping p && Arrays.equals(p.payload, payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String describe() {
            return "ping " + show(payload, false);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * A pong from the peer.
     *
     * @param payload its application data
     */
    record Pong(byte[] payload) implements Event {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pong p && Arrays.equals(p.payload, payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String describe() {
            return "pong " + show(payload, false);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * A wait in the case's script ran to its end with the connection still open: the peer
     * accepted what it had been sent so far.
     *
     * @param label the wait's name in the script ({@code A}, {@code B})
     */
    record Timeout(String label) implements Event {
        @Override
        public String describe() {
            return "timeout " + label;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Describes a payload: its size, then its start as text (when it is printable UTF-8 and
     * {@code asText}) or as hex.
     *
     * @param payload the bytes
     * @param asText  whether to try showing it as text
     * @return for example {@code 13 bytes "Hello, world!"} or {@code 3 bytes 0xeda080}
     */
    static String show(byte[] payload, boolean asText) {
        int n = payload.length;
        String size = n == 1 ? "1 byte" : n + " bytes";
        if (n == 0) {
            return size;
        }
        byte[] head = n > SHOWN_BYTES ? Arrays.copyOf(payload, SHOWN_BYTES) : payload;
        String more = n > SHOWN_BYTES ? "..." : "";
        if (asText && printable(payload)) {
            return size + " \"" + new String(head, StandardCharsets.UTF_8) + more + "\"";
        }
        return size + " 0x" + HexFormat.of().formatHex(head) + more;
    }

    private static boolean printable(byte[] payload) {
        for (byte b : payload) {
            if (b < 0x20 || b == 0x7f) {
                return false; // control characters and every non-ASCII byte: show hex instead
            }
        }
        return true;
    }
}
