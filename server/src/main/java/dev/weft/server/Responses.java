package dev.weft.server;

import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The small generated responses of the file server. */
final class Responses {

    /** RFC 9110 §15.5.13. */
    static final int PRECONDITION_FAILED = 412;

    private Responses() {
    }

    static HttpResponse text(int status, String message) {
        return text(status, message, HttpHeaders.builder());
    }

    static HttpResponse text(int status, String message, HttpHeaders.Builder headers) {
        headers.add("Content-Type", "text/plain; charset=utf-8");
        return HttpResponse.of(status, headers.build(), (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse redirect(String location) {
        return text(HttpStatus.MOVED_PERMANENTLY, "moved to " + location, HttpHeaders.builder().add("Location", location));
    }

    /**
     * Returns 412 for a failed {@code If-Match} or {@code If-Unmodified-Since} (RFC 9110
     * §15.5.13), with the current validators so the client can see what changed.
     */
    static HttpResponse preconditionFailed(String etag, Instant modified) {
        HttpResponse r = text(PRECONDITION_FAILED, "precondition failed: the file is not the version the request names",
                HttpHeaders.builder().add("ETag", etag).add("Last-Modified", HttpDates.format(modified)));
        // The codec's table of reason phrases has no 412; the phrase is informative only (§15.1).
        return new HttpResponse(r.status(), "Precondition Failed", r.headers(), r.body());
    }

    static HttpResponse notModified(String etag, Instant modified) {
        HttpHeaders headers = HttpHeaders.builder()
                .add("ETag", etag)
                .add("Last-Modified", HttpDates.format(modified))
                .build();
        return HttpResponse.of(HttpStatus.NOT_MODIFIED, headers, new byte[0]);
    }

    /**
     * Returns the head of a response for a HEAD request: the same status and fields, with the
     * {@code Content-Length} the body would have had, and no body (RFC 9110 §9.3.2).
     */
    static HttpResponse headOnly(HttpResponse response) {
        byte[] body = response.body();
        if (body == null) {
            return response;
        }
        HttpHeaders headers = response.headers();
        if (HttpStatus.permitsBody(response.status()) && !headers.contains("Content-Length")
                && !headers.contains("Transfer-Encoding")) {
            headers = headers.toBuilder().add("Content-Length", Integer.toString(body.length)).build();
        }
        return new HttpResponse(response.status(), response.reason(), headers, null);
    }
}
