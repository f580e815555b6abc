package dev.weft.server;

import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The HTML page listing a directory: each entry's name as a link, its size and its modification
 * date. Names are HTML-escaped in the text and percent-encoded in the links, so no file name can
 * inject markup. Entries that are links leading out of the root are left out, and so are dotfiles
 * (and links to them) unless they are served.
 */
final class DirectoryListing {

    /** Listing more than this many entries is not useful in a page; the rest are counted. */
    static final int MAX_ENTRIES = 10_000;

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private record Entry(String name, boolean directory, long size, java.time.Instant modified) {
    }

    private DirectoryListing() {
    }

    /**
     * Renders the listing.
     *
     * @param root        the served root's real path
     * @param directory   the directory's real path, under {@code root}
     * @param requestPath the decoded request path, ending in {@code /}
     * @param head        whether to leave the body out (HEAD)
     * @param dotfiles    whether to list names starting with {@code .}
     * @return the 200 response
     * @throws IOException if the directory cannot be read
     */
    static HttpResponse render(Path root, Path directory, String requestPath, boolean head, boolean dotfiles)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        int skipped = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                if (!dotfiles && DotFiles.isDotName(p.getFileName().toString())) {
                    continue;
                }
                if (entries.size() >= MAX_ENTRIES) {
                    skipped++;
                    continue;
                }
                try {
                    Path real = p.toRealPath();
                    if (!real.startsWith(root) || !dotfiles && DotFiles.under(root, real)) {
                        continue;
                    }
                    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                    entries.add(new Entry(p.getFileName().toString(), a.isDirectory(), a.size(),
                            a.lastModifiedTime().toInstant()));
                } catch (IOException e) {
                    // gone meanwhile, a dangling link, or unreadable: leave it out
                }
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.directory()).thenComparing(Entry::name));

        String title = "Index of " + escape(requestPath.replace("%25", "%"));
        StringBuilder html = new StringBuilder(256 + entries.size() * 160);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(title).append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; margin: 2em; }\n")
                .append("table { border-collapse: collapse; }\n")
                .append("th, td { text-align: left; padding: 0.2em 1.5em 0.2em 0; }\n")
                .append("td.size { text-align: right; font-variant-numeric: tabular-nums; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(title).append("</h1>\n<table>\n")
                .append("<tr><th>Name</th><th>Size</th><th>Modified</th></tr>\n");
        if (!requestPath.equals("/")) {
            html.append("<tr><td><a href=\"../\">../</a></td><td class=\"size\">-</td><td></td></tr>\n");
        }
        for (Entry e : entries) {
            String shown = escape(e.name()) + (e.directory() ? "/" : "");
            String href = escape(encode(e.name())) + (e.directory() ? "/" : "");
            html.append("<tr><td><a href=\"").append(href).append("\">").append(shown).append("</a></td>")
                    .append("<td class=\"size\">").append(e.directory() ? "-" : Long.toString(e.size())).append("</td>")
                    .append("<td>").append(DATE.format(e.modified())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (skipped > 0) {
            html.append("<p>").append(skipped).append(" more entries not shown.</p>\n");
        }
        html.append("</body>\n</html>\n");
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = HttpHeaders.builder()
                .add("Content-Type", "text/html; charset=utf-8")
                .add("Content-Length", Integer.toString(body.length))
                .add("Cache-Control", "no-cache")
                .build();
        return HttpResponse.of(HttpStatus.OK, headers, head ? null : body);
    }

    /** Escapes text for HTML content and double-quoted attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes a file name's UTF-8 bytes for a relative link: all but the unreserved set. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
