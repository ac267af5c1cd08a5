package bitnet.shell;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths as users type them: relative to the folder the command was started from (the JVM's working directory),
 * checked before use so that a mistake is named by its absolute path.
 */
final class UserPaths {
    private UserPaths() {
    }

    /**
     * @param arg a path argument
     * @return the existing file or folder, absolute
     * @throws IllegalArgumentException "no such file: /absolute/path" if nothing is there
     */
    static Path existing(String arg) {
        Path p = Path.of(arg).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no such file: " + p);
        }
        return p;
    }

    /**
     * @param arg a path argument for a file to write
     * @return the path, absolute, whose folder exists
     * @throws IllegalArgumentException "no such folder: /absolute/dir" if the folder is missing
     */
    static Path output(String arg) {
        Path p = Path.of(arg).toAbsolutePath().normalize();
        Path dir = p.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir + " (for " + p.getFileName() + ")");
        }
        return p;
    }
}
