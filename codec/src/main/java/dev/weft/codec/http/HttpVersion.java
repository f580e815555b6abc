package dev.weft.codec.http;

/**
 * An HTTP version as it appears in a request or status line, {@code HTTP/1.1} (RFC 9112 §2.3).
 *
 * @param major the major version, a single digit
 * @param minor the minor version, a single digit
 */
public record HttpVersion(int major, int minor) {

    /** HTTP/1.0. */
    public static final HttpVersion HTTP_1_0 = new HttpVersion(1, 0);
    /** HTTP/1.1. */
    public static final HttpVersion HTTP_1_1 = new HttpVersion(1, 1);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if either is not a single decimal digit, as the grammar
     *                                  {@code HTTP-version = "HTTP/" DIGIT "." DIGIT} demands
     */
    public HttpVersion {
        if (major < 0 || major > 9 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("HTTP version digits must be 0-9: " + major + "." + minor);
        }
    }

    /**
     * Returns whether this version is the given one or a later one.
     *
     * @param major the major version to compare with
     * @param minor the minor version to compare with
     * @return whether this version is at least {@code major.minor}
     */
    public boolean isAtLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /**
     * Parses the eight characters {@code HTTP/d.d}.
     *
     * @param s the text, case-sensitive as RFC 9112 §2.3 requires
     * @return the version, or {@code null} if {@code s} does not have that exact form
     */
    static HttpVersion parse(String s) {
        if (s.length() != 8 || !s.startsWith("HTTP/") || s.charAt(6) != '.'
                || !isDigit(s.charAt(5)) || !isDigit(s.charAt(7))) {
            return null;
        }
        int major = s.charAt(5) - '0';
        int minor = s.charAt(7) - '0';
        if (major == 1) {
            // The two versions nearly every message has: no new object for them.
            if (minor == 1) {
                return HTTP_1_1;
            }
            if (minor == 0) {
                return HTTP_1_0;
            }
        }
        return new HttpVersion(major, minor);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Returns the version as on the wire.
     *
     * @return such as {@code HTTP/1.1}
     */
    @Override
    public String toString() {
        return "HTTP/" + major + "." + minor;
    }
}
