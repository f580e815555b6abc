package dev.weft.conformance.suite.cases;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The data sections 12 and 13 cut their messages from. Autobahn ships five files (a JSON file, a
 * bitmap, Goethe's Faust, an HTML page and a PDF); these are generated stand-ins of the same kinds
 * and about the same sizes, made from a fixed seed so every run sends the same bytes. The text
 * kinds are ASCII, so a slice cut anywhere is still valid UTF-8.
 */
final class CompressionData {

    /** One data set: its description, whether messages cut from it are binary, and its bytes. */
    record Kind(String description, boolean binary, byte[] data) {
    }

    private CompressionData() {
    }

    /** In Autobahn's order of 12.1 to 12.5. */
    static final Kind[] KINDS = {
        new Kind("Large JSON data file (utf8)", false, json()),
        new Kind("A bitmap, 512x512 greyscale (binary)", true, bitmap()),
        new Kind("Human readable text, German words (binary)", true, prose()),
        new Kind("Large HTML file (utf8)", false, html()),
        new Kind("A PDF-like mix of text streams and compressed blocks (binary)", true, pdfLike()),
    };

    /** The data of section 13. */
    static Kind json13() {
        return KINDS[0];
    }

    private static byte[] json() {
        SplittableRandom r = new SplittableRandom(12_1);
        String[] names = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; b.length() < 190_000; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"")
                    .append(names[r.nextInt(names.length)]).append('-').append(r.nextInt(10_000))
                    .append("\",\"score\":").append(r.nextInt(100_000) / 1000.0)
                    .append(",\"active\":").append(r.nextBoolean())
                    .append(",\"tags\":[\"").append(names[r.nextInt(names.length)]).append("\",\"")
                    .append(names[r.nextInt(names.length)]).append("\"]}");
        }
        return b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bitmap() {
        SplittableRandom r = new SplittableRandom(12_2);
        byte[] b = new byte[1078 + 512 * 512];
        b[0] = 'B';
        b[1] = 'M';
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                int v = (x * 3 + y * 5) / 8 + (int) (40 * Math.sin(x / 23.0) * Math.cos(y / 31.0)) + r.nextInt(6);
                b[1078 + y * 512 + x] = (byte) v;
            }
        }
        return b;
    }

    private static byte[] prose() {
        SplittableRandom r = new SplittableRandom(12_3);
        String[] words = {"Habe", "nun", "ach!", "Philosophie,", "Juristerei", "und", "Medizin,", "auch", "leider",
            "Theologie", "durchaus", "studiert,", "mit", "heissem", "Bemuehn.", "Da", "steh", "ich", "nun,", "ich",
            "armer", "Tor!", "Und", "bin", "so", "klug", "als", "wie", "zuvor;", "Heisse", "Magister,", "heisse",
            "Doktor", "gar", "der", "die", "das", "Geist", "Welt", "Nacht", "Licht"};
        StringBuilder b = new StringBuilder();
        while (b.length() < 200_000) {
            b.append(words[r.nextInt(words.length)]).append(r.nextInt(12) == 0 ? "\r\n" : " ");
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] html() {
        SplittableRandom r = new SplittableRandom(12_4);
        String[] tags = {"div", "span", "p", "li", "td", "a"};
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><title>data</title></head><body>\n");
        while (b.length() < 200_000) {
            String t = tags[r.nextInt(tags.length)];
            b.append('<').append(t).append(" class=\"c").append(r.nextInt(40)).append("\" id=\"n").append(r.nextInt(100_000))
                    .append("\">item ").append(r.nextInt(1000)).append(" of the list</").append(t).append(">\n");
        }
        return b.append("</body></html>\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pdfLike() {
        SplittableRandom r = new SplittableRandom(12_5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
        for (int obj = 1; out.size() < 250_000; obj++) {
            out.writeBytes((obj + " 0 obj\n<< /Length 2048 /Filter /FlateDecode >>\nstream\n").getBytes(StandardCharsets.US_ASCII));
            if (obj % 3 == 0) {
                for (int i = 0; i < 40; i++) {
                    out.writeBytes(("BT /F1 12 Tf 72 " + (700 - i * 14) + " Td (line " + i + ") Tj ET\n").getBytes(StandardCharsets.US_ASCII));
                }
            } else {
                byte[] noise = new byte[2048];
                r.nextBytes(noise);
                out.writeBytes(noise);
            }
            out.writeBytes("\nendstream\nendobj\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
