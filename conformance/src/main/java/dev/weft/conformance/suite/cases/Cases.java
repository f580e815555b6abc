package dev.weft.conformance.suite.cases;

import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Frame;
import dev.weft.conformance.suite.Step;
import java.util.List;

/** Shorthands the catalogue's sections share. */
final class Cases {

    /** A text payload several cases use. */
    static final String HELLO = "Hello, world!";

    private Cases() {
    }

    static CaseSpec spec(String id, String description, String expectation, Expect expect, Step... steps) {
        return new CaseSpec(id, description, expectation, List.of(steps), expect);
    }

    static CaseSpec spec(String id, String description, String expectation, Expect expect, List<Step> steps) {
        return new CaseSpec(id, description, expectation, steps, expect);
    }

    static Step send(Frame frame) {
        return Step.send(frame);
    }

    static Step separately(Frame frame) {
        return Step.separately(frame);
    }

    static Step chopped(Frame frame, int chop) {
        return Step.chopped(frame, chop);
    }

    /** Returns a step that sends {@code frame} the given way: 0 burst, -1 on its own, n in pieces of n. */
    static Step sent(Frame frame, int how) {
        return how == 0 ? Step.send(frame) : how < 0 ? Step.separately(frame) : Step.chopped(frame, how);
    }

    /** Returns the words for a way of sending: "", ", each frame in a write of its own", ", octet by octet". */
    static String how(int how) {
        return switch (how) {
            case 0 -> "";
            case -1 -> ", each frame in a write of its own";
            case 1 -> ", octet by octet";
            default -> ", in writes of " + how + " bytes";
        };
    }

    static Frame text(String s) {
        return Frame.of(Frame.TEXT, s);
    }

    static Frame text(byte[] b) {
        return Frame.of(Frame.TEXT, b);
    }

    static Frame binary(byte[] b) {
        return Frame.of(Frame.BINARY, b);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] repeat(int value, int count) {
        byte[] b = new byte[count];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String size(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
