package dev.weft.server;

import dev.weft.codec.api.Route;
import dev.weft.codec.engine.FileRegion;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Serves files under a root directory, and the two built-in test pages with their icon.
 *
 * <p>GET and HEAD only (405 otherwise). Each file answer carries {@code Content-Type},
 * {@code Last-Modified}, an {@code ETag} and {@code Accept-Ranges}; conditional requests get 304
 * and one byte range gets 206 (see {@link Conditional} and {@link ByteRange}). A directory is
 * answered with its {@code index.html} or a listing; a directory asked for without its trailing
 * slash is redirected to it, so that the listing's relative links work.
 *
 * <p>No request reads outside the root. The codec has already percent-decoded the path, except
 * that {@code %2F} and {@code %25} stay encoded; so an encoded slash, a backslash, NUL or a
 * {@code ..} segment is refused here with 403, and the resolved file's real path (links followed)
 * must lie under the root's real path, else 404.
 *
 * <p>Dotfiles stay private unless asked for: a path with any segment starting with {@code .}
 * ({@code .git/config}, {@code .env}), or a link that leads to one, answers 404 as if it did not
 * exist, and listings leave such names out. A directory serving from a checkout or a home folder
 * would otherwise hand out its repository, keys and settings. See {@link DotFiles}.
 *
 * <p>A path ending in {@code /} names a directory: {@code /file.txt/} is 404, not the file.
 *
 * <p>File bodies go out as {@link Route.RespondFile}, which the transport sends without copying
 * on plain TCP. Runs on a virtual thread of its own per request ({@link WeftServer} defers it),
 * never on an event loop: opening, stat-ing and listing may block on a slow disk.
 */
final class StaticFiles {

    /**
     * The built-in pages, served when the root has no file of the name; with their icon, which
     * every browser asks for (a 404 there shows as an error in its console).
     */
    static final Map<String, String> PAGES = Map.of("/test.html", "pages/test.html", "/lws.html", "pages/lws.html",
            "/favicon.ico", "pages/favicon.ico");

    private static final int PARTIAL_CONTENT = 206;

    private final Path root;
    private final Map<String, Page> pages;
    private final boolean serveDotfiles;

    private record Page(byte[] body, String type, String etag, Instant loaded) {
    }

    /**
     * Creates the file server.
     *
     * @param root         the directory to serve, or {@code null} for none
     * @param builtInPages whether to serve {@code /test.html} and {@code /lws.html} (and the
     *                     icon) from the class path when the root has no such file
     * @param serveDotfiles whether names starting with {@code .} are served and listed
     * @throws UncheckedIOException if the root's real path cannot be found
     */
    StaticFiles(Path root, boolean builtInPages, boolean serveDotfiles) {
        this.serveDotfiles = serveDotfiles;
        try {
            this.root = root == null ? null : root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the root directory " + root + ": " + e.getMessage(), e);
        }
        this.pages = builtInPages ? loadPages() : Map.of();
    }

    private static Map<String, Page> loadPages() {
        Instant now = Instant.now();
        java.util.HashMap<String, Page> loaded = new java.util.HashMap<>();
        PAGES.forEach((path, resource) -> {
            try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in page missing from the class path: " + resource);
                }
                byte[] body = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(body);
                loaded.put(path, new Page(body, MediaTypes.of(resource), "\"builtin-" + Long.toHexString(crc.getValue()) + "\"", now));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Map.copyOf(loaded);
    }

    /**
     * Answers a request for a file.
     *
     * @param request the request
     * @return the answer
     */
    Route serve(HttpRequest request) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return respond(Responses.text(HttpStatus.METHOD_NOT_ALLOWED, "method " + method + " is not allowed here",
                    HttpHeaders.builder().add("Allow", "GET, HEAD")));
        }
        boolean head = method.equals("HEAD");
        String path = request.path();
        Page page = pages.get(path);
        if (root == null) {
            return page != null ? servePage(request, page, head) : notFound();
        }
        Path file = resolve(path);
        if (file == null) {
            return respond(Responses.text(HttpStatus.FORBIDDEN, "forbidden"));
        }
        if (!serveDotfiles && DotFiles.inRequestPath(path)) {
            return notFound();
        }
        BasicFileAttributes attributes;
        Path real;
        try {
            real = file.toRealPath();
            if (!real.startsWith(root) || !serveDotfiles && DotFiles.under(root, real)) {
                // A link that leads out of the root, or to a dotfile: as if the file did not exist.
                return notFound();
            }
            attributes = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return page != null ? servePage(request, page, head) : notFound();
        } catch (AccessDeniedException e) {
            return respond(Responses.text(HttpStatus.FORBIDDEN, "forbidden"));
        } catch (IOException | SecurityException e) {
            return notFound();
        }
        if (attributes.isDirectory()) {
            if (!path.endsWith("/")) {
                String query = request.query() == null ? "" : "?" + request.query();
                return respond(Responses.redirect(rawPath(request) + "/" + query));
            }
            Path index = real.resolve("index.html");
            if (Files.isRegularFile(index)) {
                try {
                    Path realIndex = index.toRealPath();
                    if (realIndex.startsWith(root) && (serveDotfiles || !DotFiles.under(root, realIndex))) {
                        return serveFile(request, realIndex, Files.readAttributes(realIndex, BasicFileAttributes.class), head);
                    }
                } catch (IOException e) {
                    // fall through to the listing
                }
            }
            try {
                return respond(DirectoryListing.render(root, real, path, head, serveDotfiles));
            } catch (IOException e) {
                return respond(Responses.text(HttpStatus.FORBIDDEN, "cannot list this directory"));
            }
        }
        if (!attributes.isRegularFile() || path.endsWith("/")) {
            // A trailing slash names a directory; a file asked for as one does not exist (as Apache and nginx answer).
            return notFound();
        }
        return serveFile(request, real, attributes, head);
    }

    /**
     * Maps a decoded request path to a path under the root, or {@code null} if the request tries
     * to leave it or names something no file can be.
     */
    private Path resolve(String path) {
        if (!path.startsWith("/") || path.contains("%2F") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return null;
        }
        Path file = root;
        for (String segment : path.substring(1).split("/", -1)) {
            // %25 stays encoded in the codec's decoding: it is a literal '%' in a file name.
            segment = segment.replace("%25", "%");
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return null;
            }
            try {
                file = file.resolve(segment);
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return file.normalize().startsWith(root) ? file : null;
    }

    private static Route serveFile(HttpRequest request, Path file, BasicFileAttributes attributes, boolean head) {
        long size = attributes.size();
        Instant modified = attributes.lastModifiedTime().toInstant();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(attributes.lastModifiedTime().toMillis()) + "\"";
        HttpHeaders.Builder headers = HttpHeaders.builder()
                .add("Content-Type", MediaTypes.of(file.getFileName().toString()))
                .add("Last-Modified", HttpDates.format(modified))
                .add("ETag", etag)
                .add("Accept-Ranges", "bytes");
        if (Conditional.preconditionFailed(request, etag, modified)) {
            return respond(Responses.preconditionFailed(etag, modified));
        }
        if (Conditional.notModified(request, etag, modified)) {
            return respond(Responses.notModified(etag, modified));
        }
        ByteRange range = Conditional.rangeApplies(request, etag, modified) ? ByteRange.parse(request.headers().first("Range"), size) : null;
        if (range == ByteRange.UNSATISFIABLE) {
            return respond(new HttpResponse(416, "Range Not Satisfiable", HttpHeaders.builder()
                    .add("Content-Range", "bytes */" + size)
                    .add("Content-Type", "text/plain; charset=utf-8").build(),
                    "range not satisfiable\n".getBytes(StandardCharsets.UTF_8)));
        }
        int status = HttpStatus.OK;
        long start = 0;
        long count = size;
        if (range != null) {
            status = PARTIAL_CONTENT;
            start = range.first();
            count = range.length();
            headers.add("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        headers.add("Content-Length", Long.toString(count));
        if (head || count == 0) {
            return respond(new HttpResponse(status, reason(status), headers.build(), head ? null : new byte[0]));
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return respond(Responses.text(HttpStatus.FORBIDDEN, "cannot read this file"));
        }
        return new Route.RespondFile(new HttpResponse(status, reason(status), headers.build(), null),
                new FileRegion(channel, start, count));
    }

    private static String reason(int status) {
        return status == PARTIAL_CONTENT ? "Partial Content" : HttpStatus.reasonPhrase(status);
    }

    private static Route servePage(HttpRequest request, Page page, boolean head) {
        if (Conditional.preconditionFailed(request, page.etag(), page.loaded())) {
            return respond(Responses.preconditionFailed(page.etag(), page.loaded()));
        }
        if (Conditional.notModified(request, page.etag(), page.loaded())) {
            return respond(Responses.notModified(page.etag(), page.loaded()));
        }
        HttpHeaders headers = HttpHeaders.builder()
                .add("Content-Type", page.type())
                .add("Last-Modified", HttpDates.format(page.loaded()))
                .add("ETag", page.etag())
                .add("Content-Length", Integer.toString(page.body().length))
                .build();
        return respond(HttpResponse.of(HttpStatus.OK, headers, head ? null : page.body()));
    }

    /** Returns the request's path as sent (still percent-encoded), without the query. */
    private static String rawPath(HttpRequest request) {
        String target = request.target();
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private static Route notFound() {
        return respond(Responses.text(HttpStatus.NOT_FOUND, "not found"));
    }

    private static Route respond(HttpResponse response) {
        return new Route.Respond(response);
    }
}
