package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.bytes;
import static dev.weft.conformance.suite.cases.Cases.concat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte sequences of cases 6.5 to 6.23, one subsection per group, in Autobahn's order. They
 * follow Markus Kuhn's "UTF-8 decoder capability and stress test": well-formed text, boundary code
 * points, the 5- and 6-byte forms of the original UTF-8 design (not UTF-8 any more), stray and
 * missing continuation bytes, impossible bytes, overlong forms, UTF-16 surrogates, and the
 * noncharacters and specials that are perfectly valid UTF-8.
 */
final class Utf8Samples {

    /**
     * One sample.
     *
     * @param valid whether the bytes are well-formed UTF-8 (RFC 3629)
     * @param bytes the payload
     */
    record Sample(boolean valid, byte[] bytes) {
    }

    /**
     * One subsection of samples.
     *
     * @param title   what the samples have in common
     * @param samples the samples, in case order
     */
    record Group(String title, List<Sample> samples) {
    }

    /** "κόσμε", the Greek word Kuhn's file opens with: five characters of two and three bytes. */
    static final byte[] KOSME = bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5);

    private Utf8Samples() {
    }

    /**
     * Returns the groups of 6.5 to 6.23, in order.
     *
     * @return 19 groups
     */
    static List<Group> groups() {
        List<Group> g = new ArrayList<>();
        g.add(group("Some valid UTF-8 sequences",
                ok(ascii("hello$world")), ok(concat(ascii("hello"), bytes(0xc2, 0xa2), ascii("world"))),
                ok(concat(ascii("hello"), bytes(0xe2, 0x82, 0xac), ascii("world"))),
                ok(concat(ascii("hello"), bytes(0xf0, 0xa4, 0xad, 0xa2), ascii("world"))), ok(KOSME)));
        List<Sample> prefixes = new ArrayList<>();
        for (int n = 1; n <= KOSME.length; n++) {
            // A prefix is valid exactly when it ends after a whole character: after 2, 5, 7, 9 or 11 bytes.
            boolean whole = n == 2 || n == 5 || n == 7 || n == 9 || n == 11;
            prefixes.add(new Sample(whole, Arrays.copyOf(KOSME, n)));
        }
        g.add(new Group("Every prefix of a valid string with multi-byte characters", prefixes));
        g.add(group("The first sequence of each length",
                ok(bytes(0x00)), ok(bytes(0xc2, 0x80)), ok(bytes(0xe0, 0xa0, 0x80)), ok(bytes(0xf0, 0x90, 0x80, 0x80))));
        g.add(group("The first 5- and 6-byte sequences (beyond U+10FFFF, not UTF-8)",
                bad(0xf8, 0x88, 0x80, 0x80, 0x80), bad(0xfc, 0x84, 0x80, 0x80, 0x80, 0x80)));
        g.add(group("The last sequence of each length",
                ok(bytes(0x7f)), ok(bytes(0xdf, 0xbf)), ok(bytes(0xef, 0xbf, 0xbf)), ok(bytes(0xf4, 0x8f, 0xbf, 0xbf))));
        g.add(group("The last 4-, 5- and 6-byte sequences (beyond U+10FFFF)",
                bad(0xf7, 0xbf, 0xbf, 0xbf), bad(0xfb, 0xbf, 0xbf, 0xbf, 0xbf), bad(0xfd, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf)));
        g.add(group("Other boundaries: around the surrogates, the replacement character, U+10FFFF",
                ok(bytes(0xed, 0x9f, 0xbf)), ok(bytes(0xee, 0x80, 0x80)), ok(bytes(0xef, 0xbf, 0xbd)),
                ok(bytes(0xf4, 0x8f, 0xbf, 0xbf)), bad(0xf4, 0x90, 0x80, 0x80)));
        byte[] allContinuations = new byte[0xbf - 0x80];
        for (int i = 0; i < allContinuations.length; i++) {
            allContinuations[i] = (byte) (0x80 + i);
        }
        g.add(group("Continuation bytes with no lead byte",
                bad(0x80), bad(0xbf), bad(0x80, 0xbf), bad(0x80, 0xbf, 0x80), bad(0x80, 0xbf, 0x80, 0xbf),
                bad(0x80, 0xbf, 0x80, 0xbf, 0x80), bad(0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf),
                new Sample(false, allContinuations)));
        g.add(group("Lead bytes each followed by a space",
                new Sample(false, leadsThenSpace(0xc0, 0xdf)), new Sample(false, leadsThenSpace(0xe0, 0xef)),
                new Sample(false, leadsThenSpace(0xf0, 0xf7)), new Sample(false, leadsThenSpace(0xf8, 0xfb)),
                new Sample(false, leadsThenSpace(0xfc, 0xfd))));
        byte[][] truncated = {
            bytes(0xc0), bytes(0xe0, 0x80), bytes(0xf0, 0x80, 0x80), bytes(0xf8, 0x80, 0x80, 0x80),
            bytes(0xfc, 0x80, 0x80, 0x80, 0x80), bytes(0xdf), bytes(0xef, 0xbf), bytes(0xf7, 0xbf, 0xbf),
            bytes(0xfb, 0xbf, 0xbf, 0xbf), bytes(0xfd, 0xbf, 0xbf, 0xbf, 0xbf)};
        List<Sample> cut = new ArrayList<>();
        for (byte[] t : truncated) {
            cut.add(new Sample(false, t));
        }
        g.add(new Group("Sequences missing their last continuation byte", cut));
        g.add(group("All of the previous group, one after another", new Sample(false, concat(truncated))));
        g.add(group("Bytes that never appear in UTF-8", bad(0xfe), bad(0xff), bad(0xfe, 0xfe, 0xff, 0xff)));
        g.add(group("Overlong forms of '/'",
                bad(0xc0, 0xaf), bad(0xe0, 0x80, 0xaf), bad(0xf0, 0x80, 0x80, 0xaf), bad(0xf8, 0x80, 0x80, 0x80, 0xaf),
                bad(0xfc, 0x80, 0x80, 0x80, 0x80, 0xaf)));
        g.add(group("The largest overlong form of each length",
                bad(0xc1, 0xbf), bad(0xe0, 0x9f, 0xbf), bad(0xf0, 0x8f, 0xbf, 0xbf), bad(0xf8, 0x87, 0xbf, 0xbf, 0xbf),
                bad(0xfc, 0x83, 0xbf, 0xbf, 0xbf, 0xbf)));
        g.add(group("Overlong forms of NUL",
                bad(0xc0, 0x80), bad(0xe0, 0x80, 0x80), bad(0xf0, 0x80, 0x80, 0x80), bad(0xf8, 0x80, 0x80, 0x80, 0x80),
                bad(0xfc, 0x80, 0x80, 0x80, 0x80, 0x80)));
        g.add(group("Single UTF-16 surrogates",
                bad(0xed, 0xa0, 0x80), bad(0xed, 0xad, 0xbf), bad(0xed, 0xae, 0x80), bad(0xed, 0xaf, 0xbf),
                bad(0xed, 0xb0, 0x80), bad(0xed, 0xbe, 0x80), bad(0xed, 0xbf, 0xbf)));
        int[][] highs = {{0xa0, 0x80}, {0xad, 0xbf}, {0xae, 0x80}, {0xaf, 0xbf}};
        int[][] lows = {{0xb0, 0x80}, {0xbf, 0xbf}};
        List<Sample> pairs = new ArrayList<>();
        for (int[] h : highs) {
            for (int[] l : lows) {
                pairs.add(new Sample(false, bytes(0xed, h[0], h[1], 0xed, l[0], l[1])));
            }
        }
        g.add(new Group("UTF-16 surrogate pairs", pairs));
        List<Sample> nonCharacters = new ArrayList<>();
        nonCharacters.add(ok(bytes(0xef, 0xbf, 0xbe)));
        nonCharacters.add(ok(bytes(0xef, 0xbf, 0xbf)));
        for (int lead = 0xf0; lead <= 0xf4; lead++) {
            for (int second : new int[] {0x8f, 0x9f, 0xaf, 0xbf}) {
                boolean overlong = lead == 0xf0 && second == 0x8f;
                boolean tooHigh = lead == 0xf4 && second != 0x8f;
                if (overlong || tooHigh) {
                    continue;
                }
                for (int last : new int[] {0xbe, 0xbf}) {
                    nonCharacters.add(ok(bytes(lead, second, 0xbf, last)));
                }
            }
        }
        g.add(new Group("Noncharacters U+xFFFE and U+xFFFF of every plane (valid UTF-8)", nonCharacters));
        g.add(group("The Specials block, U+FFF9 to U+FFFF (valid UTF-8)",
                ok(bytes(0xef, 0xbf, 0xb9)), ok(bytes(0xef, 0xbf, 0xba)), ok(bytes(0xef, 0xbf, 0xbb)),
                ok(bytes(0xef, 0xbf, 0xbc)), ok(bytes(0xef, 0xbf, 0xbd)), ok(bytes(0xef, 0xbf, 0xbe)),
                ok(bytes(0xef, 0xbf, 0xbf))));
        return g;
    }

    private static Group group(String title, Sample... samples) {
        return new Group(title, List.of(samples));
    }

    private static Sample ok(byte[] b) {
        return new Sample(true, b);
    }

    private static Sample bad(int... b) {
        return new Sample(false, bytes(b));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Each byte from {@code from} up to, not including, {@code to}, each followed by a space. */
    private static byte[] leadsThenSpace(int from, int to) {
        byte[] b = new byte[2 * (to - from)];
        for (int i = from; i < to; i++) {
            b[2 * (i - from)] = (byte) i;
            b[2 * (i - from) + 1] = 0x20;
        }
        return b;
    }
}
