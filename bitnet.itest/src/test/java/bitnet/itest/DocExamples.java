package bitnet.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shell examples of README.md and docs/*.md: every line of a fenced code block (other than Java, JavaScript, JSON,
 * XML, YAML, nginx and HAProxy configuration, text) that a user would type into the shell (blocks marked {@code text}
 * are diagrams) — {@code $ ./bitnet bitnet:...}, {@code ./bitnet bitnet:...},
 * {@code g! ...}, or a bare {@code bitnet:...} line of a command file — with the output the document shows under
 * it. Not examples: the script's own modes ({@code ./bitnet demo|test|bench|build|serve|-f}), which have their own
 * tests ({@code serve} runs until stopped: ServeProcessIT runs README's), and synopses (an argument written as a
 * placeholder in capitals, such as {@code OUT.npy} or {@code DTYPE}).
 */
final class DocExamples {
    /** One example; {@code prompted} when it is written after a prompt ({@code $} or {@code g!}) with its output. */
    record Example(Path document, int line, String command, boolean prompted, List<String> shownOutput,
            String shownError) {
        @Override
        public String toString() {
            return document.getFileName() + ":" + line + ": " + command;
        }
    }

    private static final Pattern COMMENT = Pattern.compile("\\s{2,}[#(].*$");
    private static final Pattern OPTIONAL = Pattern.compile("\\s\\[[^\\]=|]+\\]");
    private static final Pattern PLACEHOLDER = Pattern.compile("(^|\\s)[A-Z][A-Z0-9_]+(\\.[a-z]+)?(\\s|$)");
    private static final List<String> SCRIPT_MODES = List.of("demo", "test", "bench", "build", "serve", "-f");
    private static final List<String> NOT_SHELL = List.of("java", "js", "json", "xml", "yaml", "nginx", "haproxy",
            "text");

    private DocExamples() {
    }

    /** @return README.md and every docs/*.md of the project, in order */
    static List<Path> documents() throws IOException {
        Path root = Path.of(System.getProperty("bitnet.root"));
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /**
     * @param document a Markdown file
     * @return its shell examples in document order
     */
    static List<Example> of(Path document) throws IOException {
        List<String> lines = Files.readAllLines(document);
        List<Example> examples = new ArrayList<>();
        boolean inBlock = false;
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            String stripped = lines.get(i).strip();
            if (stripped.startsWith("```")) {
                inBlock = !inBlock;
                String lang = stripped.substring(3).strip();
                code = inBlock && NOT_SHELL.contains(lang);
                continue;
            }
            if (!inBlock || code) {
                continue;
            }
            String command = command(stripped);
            if (command == null) {
                continue;
            }
            List<String> output = new ArrayList<>();
            for (int j = i + 1; j < lines.size(); j++) {
                String next = lines.get(j).strip();
                if (next.startsWith("```") || command(next) != null || next.startsWith("$ ")) {
                    break;
                }
                output.add(next);
            }
            boolean prompted = stripped.startsWith("$ ") || stripped.startsWith("g! ");
            examples.add(new Example(document, i + 1, command, prompted, output,
                    shownError(lines, stripped, command, output)));
        }
        return examples;
    }

    private static String command(String line) {
        String rest;
        if (line.startsWith("$ ./bitnet ")) {
            rest = line.substring("$ ./bitnet ".length());
        } else if (line.startsWith("./bitnet ")) {
            rest = line.substring("./bitnet ".length());
        } else if (line.startsWith("g! ")) {
            rest = line.substring(3);
        } else if (line.startsWith("bitnet:")) {
            rest = line;
        } else {
            return null;
        }
        rest = COMMENT.matcher(rest).replaceAll("");
        rest = OPTIONAL.matcher(rest).replaceAll("").strip();
        String first = rest.split("\\s+", 2)[0];
        if (rest.isEmpty() || SCRIPT_MODES.contains(first) || PLACEHOLDER.matcher(rest).find()) {
            return null;
        }
        return rest;
    }

    // A failure the document shows: an "error:" line under the command, or anywhere as "error: COMMAND: message".
    private static String shownError(List<String> lines, String original, String command, List<String> output) {
        for (String o : output) {
            if (o.startsWith("error: ")) {
                return o.substring("error: ".length()).replaceFirst("^\\.\\.\\. ", "");
            }
        }
        String prefix = "error: " + command + ": ";
        for (String l : lines) {
            if (l.strip().startsWith(prefix)) {
                return l.strip().substring(prefix.length());
            }
        }
        return null;
    }

    /**
     * @param text a line
     * @return it with numbers replaced by {@code #} and blank runs by one space, for comparing outputs whose timings
     *     and measured values vary between runs
     */
    static String normalized(String text) {
        Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(text);
        return m.replaceAll("#").replaceAll("\\s+", " ").strip();
    }
}
