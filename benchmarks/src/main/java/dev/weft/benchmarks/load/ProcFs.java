package dev.weft.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What Linux tells about processes and limits in {@code /proc}. Every reader answers empty where
 * the file is missing (another OS) or unreadable, and the caller says so rather than guess.
 */
final class ProcFs {

    private ProcFs() {
    }

    /**
     * Returns a process's resident set.
     *
     * @param pid the process
     * @return {@code VmRSS} from {@code /proc/<pid>/status}, in bytes
     */
    static OptionalLong residentBytes(long pid) {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                // "VmRSS:     123456 kB"
                String[] words = line.trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(words[1]) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Returns how many files a process holds open, its sockets among them.
     *
     * @param pid the process
     * @return the entries of {@code /proc/<pid>/fd}
     */
    static OptionalLong openFiles(long pid) {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return OptionalLong.of(entries.count());
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Returns this process's limit on open files, as the JVM left it (HotSpot raises the soft
     * limit to the hard one at startup, and children inherit it).
     *
     * @return the soft limit of "Max open files" in {@code /proc/self/limits}
     */
    static OptionalLong openFileLimit() {
        for (String line : lines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                return words[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(words[0]));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Returns how many local ports the kernel hands out to outgoing connections: every client
     * connection to one server address needs its own.
     *
     * @return the size of {@code net.ipv4.ip_local_port_range}
     */
    static OptionalLong ephemeralPorts() {
        List<String> lines = lines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        String[] words = lines.get(0).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(words[1]) - Long.parseLong(words[0]) + 1);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
