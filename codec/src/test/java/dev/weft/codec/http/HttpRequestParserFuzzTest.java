package dev.weft.codec.http;

import static dev.weft.codec.fuzz.FuzzInput.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.fuzz.FuzzInput;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes {@link HttpRequestParser}: request heads (RFC 9112 §2–§5) from a client, several on one
 * connection, bodies skipped by their {@code Content-Length} as a server would.
 *
 * <p>Input: {@link FuzzInput}. Option bit 0 sets small limits (a 64-byte request line, a
 * 256-byte header block, 8 fields) so that 414 and 431 are reachable.
 *
 * <p>Invariants: the parser throws nothing but {@link HttpException}, with 400, 414, 431, 501 or
 * 505; the requests and the refusal are the same whether the bytes come whole or cut into reads;
 * each request keeps to the limits; and each request, written out with
 * {@link HttpRequest#encode()}, parses back to an equal request with no byte left (round trip).
 * Corpus: {@code HttpRequestParserFuzzTestInputs/parse}; {@code ./weft fuzz http-request}
 * fuzzes it.
 */
class HttpRequestParserFuzzTest {

    private static final Set<Integer> REFUSALS = Set.of(400, 414, 431, 501, 505);

    @FuzzTest
    void parse(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        HttpLimits limits = input.option(0) ? new HttpLimits(64, 256, 8) : HttpLimits.defaults();
        List<String> whole = run(limits, input.whole());
        List<String> pieces = run(limits, input.reads());
        check(whole.equals(pieces), "cut into reads, parsed\n" + pieces + "\nbut whole\n" + whole);
    }

    private static List<String> run(HttpLimits limits, List<ByteBuffer> reads) {
        HttpRequestParser parser = new HttpRequestParser(limits);
        List<String> heard = new ArrayList<>();
        long bodyToSkip = 0;
        for (ByteBuffer read : reads) {
            while (read.hasRemaining()) {
                if (bodyToSkip > 0) {
                    int n = (int) Math.min(bodyToSkip, read.remaining());
                    read.position(read.position() + n);
                    bodyToSkip -= n;
                    continue;
                }
                HttpRequest request;
                try {
                    request = parser.parse(read);
                } catch (HttpException e) {
                    check(REFUSALS.contains(e.status()), "refused with status " + e.status() + ": " + e.getMessage());
                    check(parser.isFailed(), "refused, but the parser is not failed");
                    heard.add("refused " + e.status());
                    return heard;
                }
                if (request == null) {
                    check(!read.hasRemaining(), "the parser asked for more with bytes left");
                    break;
                }
                check(request.headers().size() <= limits.maxHeaderCount(), "more fields than the limit");
                roundTrip(request);
                heard.add(request.toString());
                if (request.chunked()) {
                    return heard; // a server answers 501 and closes: nothing after it is read
                }
                bodyToSkip = Math.max(0, request.contentLength());
            }
        }
        return heard;
    }

    private static void roundTrip(HttpRequest request) {
        ByteBuffer encoded = request.encode();
        // Roomy limits: the written head uses CRLF and ": " where the parsed one may have saved bytes.
        HttpRequestParser again = new HttpRequestParser(new HttpLimits(1 << 16, 1 << 20, 1 << 10));
        HttpRequest reparsed;
        try {
            reparsed = again.parse(encoded);
        } catch (HttpException e) {
            throw new AssertionError("a parsed request, written out, is refused: " + e.getMessage() + "\n" + request);
        }
        check(reparsed != null && !encoded.hasRemaining(), "a parsed request, written out, is not one whole head");
        check(reparsed.equals(request), "round trip changed\n" + request + "\ninto\n" + reparsed);
    }
}
