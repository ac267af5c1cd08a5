package bitnet.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Serve over HTTP" section of README.md, as {@link ServeProcessIT} runs it: the {@code ./bitnet serve} line's
 * arguments, the {@code curl} lines of its {@code sh} block, and its {@code js} block.
 *
 * @param serveArguments the words after {@code ./bitnet serve}
 * @param curlLines every line that starts with {@code curl }
 * @param javascript the {@code js} block
 */
record ServingReadme(List<String> serveArguments, List<String> curlLines, String javascript) {
    static final String HEADING = "## Serve over HTTP";
    /** Where the examples say the server listens; the test puts its own host and port there. */
    static final String ADDRESS = "localhost:8080";

    private static final Pattern BODY = Pattern.compile(" -d '([^']*)'");

    /**
     * @param endpoint a path, such as {@code /v1/chat/completions}
     * @return the JSON body the {@code curl} line posting to that path sends
     * @throws AssertionError when no curl line posts a body there
     */
    String curlBody(String endpoint) {
        for (String line : curlLines) {
            Matcher m = BODY.matcher(line);
            if (line.contains(ADDRESS + endpoint + " ") && m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no curl line of '" + HEADING + "' posts a body to " + endpoint + ": " + curlLines);
    }

    /**
     * @param readme README.md
     * @return its serving section's examples
     * @throws AssertionError when the section, its start command or its blocks are missing
     */
    static ServingReadme read(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf(HEADING);
        if (start < 0) {
            throw new AssertionError(readme + " has no section '" + HEADING + "'");
        }
        List<String> serve = null;
        List<String> curls = new ArrayList<>();
        StringBuilder js = new StringBuilder();
        String block = null;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                block = block == null ? line.substring(3).strip() : null;
                continue;
            }
            if ("js".equals(block)) {
                js.append(line).append('\n');
            } else if ("sh".equals(block) && line.startsWith("./bitnet serve ")) {
                serve = Arrays.asList(line.substring("./bitnet serve ".length()).replaceAll("\\s{2,}#.*$", "")
                        .strip().split("\\s+"));
            } else if ("sh".equals(block) && line.startsWith("curl ")) {
                curls.add(line);
            }
        }
        if (serve == null || curls.isEmpty() || js.isEmpty()) {
            throw new AssertionError("the section '" + HEADING + "' needs a ./bitnet serve line and curl lines in a "
                    + "```sh block and a ```js block");
        }
        return new ServingReadme(List.copyOf(serve), List.copyOf(curls), js.toString());
    }
}
