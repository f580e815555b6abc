package dev.weft.codec.handshake;

import dev.weft.codec.http.HttpHeaders;

/**
 * The header fields of an upgrade request that a server reads to decide on it (RFC 6455 §4.2.1),
 * found in one pass over the request's fields: how many lines each has and the value of the
 * first. {@link ServerHandshake} asks about each of them, most once only, and a lookup per
 * question walked every field a browser sends each time.
 *
 * <p>Only counts and first values are kept: a check that reads a list spread over several lines
 * ({@code Upgrade}, {@code Connection}, the offers) asks the headers themselves, and only when
 * the field is there.
 */
final class UpgradeFields {

    int hosts;
    int upgrades;
    int versions;
    String version;
    int keys;
    String key;
    int origins;
    String origin;
    int protocols;
    int extensions;

    private UpgradeFields() {
    }

    /**
     * Reads the fields.
     *
     * @param headers the request's fields
     * @return what they hold of the handshake's fields
     */
    static UpgradeFields of(HttpHeaders headers) {
        UpgradeFields found = new UpgradeFields();
        for (int i = 0; i < headers.size(); i++) {
            found.note(headers.field(i));
        }
        return found;
    }

    private void note(HttpHeaders.Field f) {
        // The seven names differ in length, so a field's length alone says which one it can be;
        // one comparison, ignoring case, then tells whether it is. Most fields of a browser's
        // request are none of them and are passed over after one look at their length.
        switch (f.name().length()) {
            case 4 -> hosts += f.hasName("Host") ? 1 : 0;
            case 6 -> {
                if (f.hasName("Origin") && origins++ == 0) {
                    origin = f.value();
                }
            }
            case 7 -> upgrades += f.hasName("Upgrade") ? 1 : 0;
            case 17 -> {
                if (f.hasName("Sec-WebSocket-Key") && keys++ == 0) {
                    key = f.value();
                }
            }
            case 21 -> {
                if (f.hasName("Sec-WebSocket-Version") && versions++ == 0) {
                    version = f.value();
                }
            }
            case 22 -> protocols += f.hasName("Sec-WebSocket-Protocol") ? 1 : 0;
            case 24 -> extensions += f.hasName("Sec-WebSocket-Extensions") ? 1 : 0;
            default -> {
                // Not a field the handshake reads.
            }
        }
    }
}
