package dev.weft.server;

import dev.weft.codec.api.Route;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;

/**
 * The response context fields (RFC 9110 §10.2) the server adds to every answer it routes:
 * {@code Date} and, unless turned off, {@code Server}.
 *
 * <p>{@code Date} (§6.6.1): an origin server with a clock must send it in 2xx, 3xx and 4xx
 * responses, as an IMF-fixdate; it is added to every plain HTTP answer here, 5xx included, and
 * left as it is when a handler set its own. Formatting a date costs more than the rest of a small
 * response, so the text is kept for the second it names.
 *
 * <p>The answers a connection makes by itself (a malformed request, a refused handshake) get them
 * too, through {@link dev.weft.codec.api.RequestRouter#refusal}.
 *
 * <p>{@code Server} (§10.2.4) names the software. Some operators prefer not to say, hence the
 * option to leave it out; its value never carries a version, which would help only an attacker.
 */
final class ContextFields {

    /** The default {@code Server} value. */
    static final String PRODUCT = "Weft";

    private final Clock clock;
    private final String server;
    private volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    private record Stamp(long second, String text) {
    }

    /**
     * Creates the fields.
     *
     * @param clock  the clock for {@code Date}
     * @param server the {@code Server} value, or {@code null} to send none
     */
    ContextFields(Clock clock, String server) {
        this.clock = clock;
        this.server = server;
    }

    /**
     * Returns the route with the fields added to its response (a deferred one's when it comes);
     * an upgrade passes unchanged (its 101 or refusal is written by the handshake).
     *
     * @param route the router's answer
     * @return the answer with {@code Date} and {@code Server}
     */
    Route addTo(Route route) {
        return switch (route) {
            case Route.Respond r -> new Route.Respond(addTo(r.response()));
            case Route.RespondFile f -> new Route.RespondFile(addTo(f.head()), f.body());
            case Route.Upgrade u -> u;
            case Route.Deferred d -> new Route.Deferred(d.answer().thenApply(answer -> addTo((Route) answer)));
        };
    }

    /**
     * Returns the response with the fields added, unless it has its own.
     *
     * @param response any answer, such as one the connection makes itself (a refused handshake)
     * @return the answer with {@code Date} and {@code Server}
     */
    HttpResponse addTo(HttpResponse response) {
        HttpHeaders headers = response.headers();
        boolean date = !headers.contains("Date");
        boolean product = server != null && !headers.contains("Server");
        if (!date && !product) {
            return response;
        }
        HttpHeaders.Builder b = headers.toBuilder();
        if (date) {
            b.add("Date", now());
        }
        if (product) {
            b.add("Server", server);
        }
        return new HttpResponse(response.status(), response.reason(), b.build(), response.body());
    }

    private String now() {
        Instant instant = clock.instant();
        long second = instant.getEpochSecond();
        Stamp s = last;
        if (s.second() != second) {
            s = new Stamp(second, HttpDates.format(instant));
            last = s;
        }
        return s.text();
    }
}
