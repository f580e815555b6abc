package dev.weft.codec.http;

import static dev.weft.codec.fuzz.FuzzInput.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.fuzz.FuzzInput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link HttpResponseParser}: response heads (RFC 9112 §4, §5) from a server, interim
 * (1xx) heads first, as a WebSocket client reads them.
 *
 * <p>Input: {@link FuzzInput}. Option bit 0 sets small limits (a 64-byte status line, a 256-byte
 * header block, 8 fields).
 *
 * <p>Invariants: the parser throws nothing but {@link HttpException} with 502; the heads, the
 * refusal and the bytes left after the final head are the same whether the bytes come whole or
 * cut into reads; a head has a status from 100 to 599, an HTTP/1.x version and no more fields
 * than the limit; and each head, written out again, parses back to an equal head (round trip).
 * Corpus: {@code HttpResponseParserFuzzTestInputs/parse}; {@code ./weft fuzz http-response}
 * fuzzes it.
 */
class HttpResponseParserFuzzTest {

    @FuzzTest
    void parse(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        HttpLimits limits = input.option(0) ? new HttpLimits(64, 256, 8) : HttpLimits.defaults();
        List<String> whole = run(limits, input.whole());
        List<String> pieces = run(limits, input.reads());
        check(whole.equals(pieces), "cut into reads, parsed\n" + pieces + "\nbut whole\n" + whole);
    }

    private static List<String> run(HttpLimits limits, List<ByteBuffer> reads) {
        HttpResponseParser parser = new HttpResponseParser(limits);
        List<String> heard = new ArrayList<>();
        long after = 0;
        boolean done = false;
        for (ByteBuffer read : reads) {
            if (done) {
                after += read.remaining();
                continue;
            }
            while (read.hasRemaining() && !done) {
                HttpResponseHead head;
                try {
                    head = parser.parse(read);
                } catch (HttpException e) {
                    check(e.status() == 502, "refused with status " + e.status() + ": " + e.getMessage());
                    check(parser.isFailed(), "refused, but the parser is not failed");
                    heard.add("refused");
                    return heard;
                }
                if (head == null) {
                    check(!read.hasRemaining(), "the parser asked for more with bytes left");
                    break;
                }
                check(head.status() >= 100 && head.status() <= 599, "status " + head.status());
                check(head.version().major() == 1, "version " + head.version());
                check(head.headers().size() <= limits.maxHeaderCount(), "more fields than the limit");
                roundTrip(head);
                heard.add(head.toString());
                done = head.status() >= 200 || head.status() == 101;
            }
            after += done ? read.remaining() : 0;
        }
        heard.add("then " + after + " bytes");
        return heard;
    }

    private static void roundTrip(HttpResponseHead head) {
        StringBuilder out = new StringBuilder();
        out.append(head.version()).append(' ').append(head.status()).append(' ').append(head.reason()).append("\r\n");
        for (HttpHeaders.Field f : head.headers()) {
            out.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        out.append("\r\n");
        ByteBuffer encoded = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.ISO_8859_1));
        HttpResponseParser again = new HttpResponseParser(new HttpLimits(1 << 16, 1 << 20, 1 << 10));
        HttpResponseHead reparsed;
        try {
            reparsed = again.parse(encoded);
        } catch (HttpException e) {
            throw new AssertionError("a parsed head, written out, is refused: " + e.getMessage() + "\n" + head);
        }
        check(reparsed != null && !encoded.hasRemaining(), "a parsed head, written out, is not one whole head");
        check(reparsed.equals(head), "round trip changed\n" + head + "\ninto\n" + reparsed);
    }
}
