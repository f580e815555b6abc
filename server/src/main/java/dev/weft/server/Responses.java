package dev.weft.server;

import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The small generated responses of the file server. */
final class Responses {
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
