package bitnet.itest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Running outside tools from the process tests: a command to its end, bounded, with its output kept in files (no pipe
 * fills and blocks it); and whether a tool is installed, for JUnit assumptions.
 */
final class Processes {
    private Processes() {
    }

    /** What a command printed and how it ended. */
    record Run(List<String> command, int exit, String out, String err) {
        /** @return the command, exit status and output, for a failure message */
        String describe() {
            return String.join(" ", command) + " exited " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /**
     * @param command the command and its arguments
     * @param dir the working folder
     * @param env variables added to this process's environment
     * @param timeoutSeconds how long it may run before it is killed and the test fails
     * @return its exit status and output
     */
    static Run run(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("bitnet-it-", ".out");
        Path err = Files.createTempFile("bitnet-it-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds
                        + " s; output so far:\n" + Files.readString(out) + Files.readString(err));
            }
            return new Run(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * @param tool a program's name
     * @return the executable of that name on the PATH, or in /usr/sbin or /sbin (where Debian puts nginx and haproxy,
     *     often not on a user's PATH)
     */
    static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool));
            }
        }
        return Optional.empty();
    }

    /**
     * @param tool a program's name
     * @return whether {@link #find} finds it
     */
    static boolean installed(String tool) {
        return find(tool).isPresent();
    }
}
