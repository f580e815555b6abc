package dev.weft.server;

import java.nio.file.Path;

/**
 * Which names the file server keeps private: those starting with {@code .}, such as
 * {@code .git}, {@code .env} or {@code .ssh}. Unix tools hide them, and a directory served from a
 * checkout or a home folder keeps its repository, credentials and settings in them.
 */
final class DotFiles {
    private DotFiles() {
    }

    /**
     * Returns whether a name is a dotfile's. The segments {@code .} and {@code ..} are not names
     * (the file server resolves or refuses them before asking).
     *
     * @param name one path segment
     * @return whether it starts with {@code .} and is neither {@code .} nor {@code ..}
     */
    static boolean isDotName(String name) {
        return name.startsWith(".") && !name.equals(".") && !name.equals("..");
    }

    /**
     * Returns whether a decoded request path has a dotfile's name in any segment.
     *
     * @param path the decoded path, starting with {@code /}
     * @return whether some segment is a dotfile's name
     */
    static boolean inRequestPath(String path) {
        for (String segment : path.split("/")) {
            if (isDotName(segment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether a real path under the root passes through a dotfile, as a link to one does
     * even when the link's own name does not start with {@code .}.
     *
     * @param root the root's real path
     * @param real a real path under {@code root}
     * @return whether any name between the root and the file is a dotfile's
     */
    static boolean under(Path root, Path real) {
        for (Path name : root.relativize(real)) {
            if (isDotName(name.toString())) {
                return true;
            }
        }
        return false;
    }
}
