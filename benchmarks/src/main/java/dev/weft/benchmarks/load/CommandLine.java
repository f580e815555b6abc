package dev.weft.benchmarks.load;

import java.io.Serial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code --flag value} and {@code --switch} options, in any order, for the harness's CLIs.
 * Anything it cannot read becomes a {@link Usage} exception whose message says what.
 */
final class CommandLine {

    private final String[] args;
    private int next;

    CommandLine(String[] args) {
        this.args = args.clone();
    }

    /**
     * Returns whether help was asked for anywhere on the line.
     *
     * @return whether {@code --help} or {@code -h} is among the arguments
     */
    boolean wantsHelp() {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the next option's name.
     *
     * @return such as {@code --rounds}, or {@code null} when all are read
     */
    String nextFlag() {
        return next < args.length ? args[next++] : null;
    }

    /**
     * Returns the value of the option just read.
     *
     * @param flag its name, for the message
     * @return the value
     * @throws Usage if none follows
     */
    String value(String flag) throws Usage {
        if (next >= args.length || args[next].startsWith("--")) {
            throw new Usage(flag + " needs a value");
        }
        return args[next++];
    }

    /** Reads a whole number of at least 1. */
    static int positive(String flag, String value) throws Usage {
        return atLeast(1, flag + " must be at least 1: ", flag, value);
    }

    /** Reads a whole number of at least 0. */
    static int count(String flag, String value) throws Usage {
        return atLeast(0, flag + " must be 0 or more: ", flag, value);
    }

    /** Reads a whole number, with {@code _} or {@code ,} between digits allowed, of at least {@code min}. */
    private static int atLeast(int min, String tooSmall, String flag, String value) throws Usage {
        int n;
        try {
            n = Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new Usage(flag + " needs a whole number: " + value);
        }
        if (n < min) {
            throw new Usage(tooSmall + value);
        }
        return n;
    }

    /** Reads a byte count such as {@code 16}, {@code 1KiB} or {@code 1MiB}. */
    static int size(String flag, String value) throws Usage {
        try {
            return EchoPoint.parseSize(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Usage(flag + " needs a byte count such as 16, 1KiB or 1MiB: " + value);
        }
    }

    /** Reads seconds, fractions allowed; zero only if {@code zeroAllowed}. */
    static Duration seconds(String flag, String value, boolean zeroAllowed) throws Usage {
        try {
            double s = Double.parseDouble(value);
            if (s < 0 || (!zeroAllowed && s == 0) || Double.isNaN(s) || s > 86_400) {
                throw new Usage(flag + " must be " + (zeroAllowed ? "0" : "more than 0") + " to 86400 seconds: " + value);
            }
            return Duration.ofNanos((long) (s * 1e9));
        } catch (NumberFormatException e) {
            throw new Usage(flag + " needs a number of seconds: " + value);
        }
    }

    /** Reads a comma-separated list of servers. */
    static List<Subject> servers(String flag, String value) throws Usage {
        List<Subject> servers = new ArrayList<>();
        for (String name : value.split(",")) {
            try {
                Subject s = Subject.named(name);
                if (!servers.contains(s)) {
                    servers.add(s);
                }
            } catch (IllegalArgumentException e) {
                throw new Usage(flag + ": " + e.getMessage());
            }
        }
        return servers;
    }

    /** Reads a comma-separated list of points. */
    static List<EchoPoint> points(String flag, String value) throws Usage {
        List<EchoPoint> points = new ArrayList<>();
        for (String p : value.split(",")) {
            try {
                points.add(EchoPoint.parse(p));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new Usage(flag + ": " + e.getMessage());
            }
        }
        return points;
    }

    /**
     * Formats the JVM and machine a run had, for the line above its table.
     *
     * @param jvm the server children's options
     * @return such as {@code 2 cores, JDK 25; server JVM: -Xmx1g -XX:+UseG1GC ...}
     */
    static String machine(ServerJvm jvm) {
        return String.format(Locale.ROOT, "%d cores, JDK %s; server JVM: %s", Runtime.getRuntime().availableProcessors(),
                Runtime.version().feature(), String.join(" ", jvm.effectiveOptions()));
    }

    /** A command line the CLI cannot run; the message says why. */
    static final class Usage extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }
}
