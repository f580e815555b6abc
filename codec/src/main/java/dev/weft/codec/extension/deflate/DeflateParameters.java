package dev.weft.codec.extension.deflate;

import dev.weft.codec.extension.ExtensionOffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four parameters of one permessage-deflate offer or response (RFC 7692 §7.1), read strictly.
 *
 * @param serverNoContextTakeover {@code server_no_context_takeover} is present
 * @param clientNoContextTakeover {@code client_no_context_takeover} is present
 * @param serverMaxWindowBits     the value of {@code server_max_window_bits}, or {@link #ABSENT}
 * @param clientMaxWindowBits     the value of {@code client_max_window_bits}, {@link #ABSENT}, or
 *                                {@link #NO_VALUE} when an offer names it without a value
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits) {

    /** The extension's name. */
    public static final String NAME = "permessage-deflate";
    /** A window parameter that is not there. */
    public static final int ABSENT = 0;
    /** {@code client_max_window_bits} named without a value, as an offer may (§7.1.2.2). */
    public static final int NO_VALUE = -1;

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    /**
     * Reads an element of a {@code Sec-WebSocket-Extensions} header (§7): an offer when
     * {@code response} is false, a server's response when true.
     *
     * <p>Malformed means (§7, §7.1): a parameter the RFC does not define, a value on a
     * no-context-takeover parameter, a window that is missing (where required), not a number, or
     * outside 8–15, or a parameter given twice.
     *
     * @param element  the element; its name must be {@code permessage-deflate}
     * @param response whether it is a server's response, where {@code client_max_window_bits}
     *                 needs a value
     * @return the parameters
     * @throws IllegalArgumentException if the element is malformed; the message says how
     */
    public static DeflateParameters parse(ExtensionOffer element, boolean response) {
        if (!NAME.equals(element.name())) {
            throw new IllegalArgumentException("not " + NAME + ": " + element.name());
        }
        if (!element.repeated().isEmpty()) {
            throw new IllegalArgumentException("parameter " + element.repeated().iterator().next() + " given twice");
        }
        boolean serverReset = false;
        boolean clientReset = false;
        int serverBits = ABSENT;
        int clientBits = ABSENT;
        for (Map.Entry<String, String> p : element.parameters().entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> serverReset = noValue(p.getKey(), value);
                case CLIENT_NO_CONTEXT_TAKEOVER -> clientReset = noValue(p.getKey(), value);
                case SERVER_MAX_WINDOW_BITS -> serverBits = windowBits(p.getKey(), value);
                case CLIENT_MAX_WINDOW_BITS -> clientBits = value == null && !response ? NO_VALUE : windowBits(p.getKey(), value);
                default -> throw new IllegalArgumentException("unknown parameter " + p.getKey());
            }
        }
        return new DeflateParameters(serverReset, clientReset, serverBits, clientBits);
    }

    /**
     * Formats these parameters as a header element, leaving out what is absent.
     *
     * @return the element, such as {@code permessage-deflate; server_max_window_bits=10}
     */
    public ExtensionOffer toElement() {
        Map<String, String> p = new LinkedHashMap<>();
        if (serverNoContextTakeover) {
            p.put(SERVER_NO_CONTEXT_TAKEOVER, null);
        }
        if (clientNoContextTakeover) {
            p.put(CLIENT_NO_CONTEXT_TAKEOVER, null);
        }
        if (serverMaxWindowBits != ABSENT) {
            p.put(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits));
        }
        if (clientMaxWindowBits == NO_VALUE) {
            p.put(CLIENT_MAX_WINDOW_BITS, null);
        } else if (clientMaxWindowBits != ABSENT) {
            p.put(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientMaxWindowBits));
        }
        return new ExtensionOffer(NAME, p);
    }

    private static boolean noValue(String name, String value) {
        if (value != null) {
            throw new IllegalArgumentException(name + " takes no value, got '" + value + "'");
        }
        return true;
    }

    /** §7.1.2: 1*DIGIT, 8 to 15, possibly quoted (the header parser has already unquoted it). */
    private static int windowBits(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        if (value.isEmpty() || value.length() > 2 || !value.chars().allMatch(c -> c >= '0' && c <= '9')
                || value.charAt(0) == '0') {
            throw new IllegalArgumentException(name + " must be a number from 8 to 15, got '" + value + "'");
        }
        int bits = Integer.parseInt(value);
        if (bits < DeflateConfig.MIN_WINDOW_BITS || bits > DeflateConfig.MAX_WINDOW_BITS) {
            throw new IllegalArgumentException(name + " must be from 8 to 15, got " + bits);
        }
        return bits;
    }
}
