package dev.weft.codec.http;

/**
 * The status codes this library answers with, and their reason phrases (RFC 9110 §15).
 */
public final class HttpStatus {
    /** 101: the connection now speaks the protocol named in {@code Upgrade}. */
    public static final int SWITCHING_PROTOCOLS = 101;
    /** 200. */
    public static final int OK = 200;
    /** 204. */
    public static final int NO_CONTENT = 204;
    /** 301. */
    public static final int MOVED_PERMANENTLY = 301;
    /** 302. */
    public static final int FOUND = 302;
    /** 304. */
    public static final int NOT_MODIFIED = 304;
    /** 400: the request is malformed. */
    public static final int BAD_REQUEST = 400;
    /** 403: the request is understood but refused, such as an Origin not allowed. */
    public static final int FORBIDDEN = 403;
    /** 404. */
    public static final int NOT_FOUND = 404;
    /** 405: the method is not allowed; the response names the allowed ones in {@code Allow}. */
    public static final int METHOD_NOT_ALLOWED = 405;
    /** 413. */
    public static final int CONTENT_TOO_LARGE = 413;
    /** 414: the request line is longer than the server accepts. */
    public static final int URI_TOO_LONG = 414;
    /** 426: the client must switch to the protocol named in {@code Upgrade}. */
    public static final int UPGRADE_REQUIRED = 426;
    /** 431: the header block is larger than the server accepts. */
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    /** 500. */
    public static final int INTERNAL_SERVER_ERROR = 500;
    /** 501: the server does not implement what the request needs, such as a transfer coding. */
    public static final int NOT_IMPLEMENTED = 501;
    /** 502: a gateway got an invalid response upstream. */
    public static final int BAD_GATEWAY = 502;
    /** 503. */
    public static final int SERVICE_UNAVAILABLE = 503;
    /** 505: the request's major HTTP version is not supported. */
    public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

    private HttpStatus() {
    }

    /**
     * Returns the reason phrase RFC 9110 gives a status code.
     *
     * @param status a status code
     * @return the phrase, such as {@code Switching Protocols}, or the empty string for a code not
     *         listed here (a status line may carry an empty reason, RFC 9112 §4)
     */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case SWITCHING_PROTOCOLS -> "Switching Protocols";
            case OK -> "OK";
            case NO_CONTENT -> "No Content";
            case MOVED_PERMANENTLY -> "Moved Permanently";
            case FOUND -> "Found";
            case NOT_MODIFIED -> "Not Modified";
            case BAD_REQUEST -> "Bad Request";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not Found";
            case METHOD_NOT_ALLOWED -> "Method Not Allowed";
            case CONTENT_TOO_LARGE -> "Content Too Large";
            case URI_TOO_LONG -> "URI Too Long";
            case UPGRADE_REQUIRED -> "Upgrade Required";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "Request Header Fields Too Large";
            case INTERNAL_SERVER_ERROR -> "Internal Server Error";
            case NOT_IMPLEMENTED -> "Not Implemented";
            case BAD_GATEWAY -> "Bad Gateway";
            case SERVICE_UNAVAILABLE -> "Service Unavailable";
            case HTTP_VERSION_NOT_SUPPORTED -> "HTTP Version Not Supported";
            default -> "";
        };
    }

    /**
     * Returns whether a response with this status may carry content (RFC 9110 §6.4.1): 1xx, 204
     * and 304 never do.
     *
     * @param status a status code
     * @return whether the response may have a body
     */
    public static boolean permitsBody(int status) {
        return status >= 200 && status != NO_CONTENT && status != NOT_MODIFIED;
    }
}
