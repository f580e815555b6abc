package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's small pure parts, case by case: grapheme reversal, byte ranges (RFC 9110
 * §14.1.2), HTTP dates (§5.6.7), content types, link encoding and HTML escaping, DER lengths.
 */
class PiecesTest {

    @Test
    void reverseKeepsGraphemeClustersWhole() {
        assertEquals("!dlrow ,olleH", ReverseHandler.reverse("Hello, world!"));
        assertEquals("😀bña", ReverseHandler.reverse("añb😀"));
        assertEquals("xe\u0301", ReverseHandler.reverse("e\u0301x"));
        assertEquals("b\uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDEB\uD83C\uDDF7a",
                ReverseHandler.reverse("a\uD83C\uDDEB\uD83C\uDDF7\uD83C\uDDE9\uD83C\uDDEAb"), "flags stay pairs of regional indicators");
        assertEquals("!👨‍👩‍👧", ReverseHandler.reverse("👨‍👩‍👧!"), "a ZWJ family stays one");
        assertEquals("", ReverseHandler.reverse(""));
        String reversed = ReverseHandler.reverse("ab\uD834\uDD1Ecd");
        assertEquals("dc\uD834\uDD1Eba", reversed);
    }

    @Test
    void byteRanges() {
        assertEquals(new ByteRange(0, 9), ByteRange.parse("bytes=0-9", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.parse("bytes=90-", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.parse("bytes=-10", 100));
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=-1000", 100));
        assertEquals(new ByteRange(50, 99), ByteRange.parse("bytes=50-99999999999999999999999", 100));
        assertEquals(new ByteRange(5, 5), ByteRange.parse(" bytes= 5 - 5 ", 100));
        assertEquals(new ByteRange(5, 5), ByteRange.parse("BYTES=5-5", 100), "the unit ignores case");
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=100-", 100));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=99999999999999999999-", 100));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 100));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0));
        for (String ignored : List.of("bytes=5-1", "bytes=a-b", "bytes=1-2,4-5", "items=1-2", "bytes=", "bytes=-", "bytes=1")) {
            assertNull(ByteRange.parse(ignored, 100), ignored);
        }
        assertNull(ByteRange.parse(null, 100));
        assertEquals(10, new ByteRange(0, 9).length());
    }

    @Test
    void httpDates() {
        Instant t = Instant.parse("2024-03-05T07:08:09.750Z");
        assertEquals("Tue, 05 Mar 2024 07:08:09 GMT", HttpDates.format(t), "two-digit day, seconds only");
        assertEquals(Instant.parse("2024-03-05T07:08:09Z"), HttpDates.parse("Tue, 05 Mar 2024 07:08:09 GMT"));
        assertEquals(Instant.parse("2024-03-05T07:08:09Z"), HttpDates.parse("Tue, 5 Mar 2024 07:08:09 GMT"));
        assertNull(HttpDates.parse("Tuesday"));
        assertNull(HttpDates.parse(null));
    }

    @Test
    void contentTypes() {
        assertEquals("text/html; charset=utf-8", MediaTypes.of("INDEX.HTML"));
        assertEquals("application/wasm", MediaTypes.of("app.wasm"));
        assertEquals("image/svg+xml", MediaTypes.of("logo.svg"));
        assertEquals("application/octet-stream", MediaTypes.of("Makefile"));
        assertEquals("application/octet-stream", MediaTypes.of("archive.unknown"));
    }

    @Test
    void listingEscapes() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", DirectoryListing.escape("<script>&\"'"));
        assertEquals("a%20b%2Fc%3F%23%25%C3%A9", DirectoryListing.encode("a b/c?#%é"));
        assertEquals("safe-._~", DirectoryListing.encode("safe-._~"));
    }

    @Test
    void derLengthsUseTheShortestForm() throws Exception {
        assertEquals(2 + 5, Der.tlv(Der.OCTET_STRING, new byte[5]).length);
        byte[] medium = Der.tlv(Der.OCTET_STRING, new byte[200]);
        assertEquals(0x81, medium[1] & 0xFF);
        assertEquals(200, medium[2] & 0xFF);
        byte[] large = Der.tlv(Der.SEQUENCE, new byte[70_000]);
        assertEquals(0x83, large[1] & 0xFF);
        Der.Reader reader = new Der.Reader(large, "bad");
        assertEquals(70_000, reader.expect(Der.SEQUENCE).length);
        assertThrows(java.io.IOException.class, () -> new Der.Reader(new byte[] {0x30, (byte) 0x85, 1, 1, 1, 1, 1}, "bad").expect(Der.SEQUENCE));
        assertThrows(java.io.IOException.class, () -> new Der.Reader(new byte[] {0x30, 5, 1}, "bad").expect(Der.SEQUENCE));
        assertThrows(java.io.IOException.class, () -> new Der.Reader(new byte[] {0x02, 1, 0}, "bad").expect(Der.SEQUENCE));
    }
}
