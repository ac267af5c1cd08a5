package bitnet.benchmarks.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures' bench.txt cut the way the Node reference script cuts it: after each '\n', lines joined into chunks of
 * at least 16384 UTF-16 units.
 */
final class BenchText {
    /** Where the fixtures live; override with -Dbitnet.fixtures=... */
    static final String FIXTURES = System.getProperty("bitnet.fixtures", "../shared/fixtures/tokenizers");
    static final int CHUNK = 16384;

    private BenchText() {
    }

    static Path root() {
        Path p = Path.of(FIXTURES);
        if (!Files.isDirectory(p)) {
            p = Path.of("/work/shared/fixtures/tokenizers");
        }
        return p;
    }

    static List<String> chunks() throws IOException {
        String text = Files.readString(root().resolve("bench.txt"));
        List<String> chunks = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                cur.append(text, start, i + 1);
                start = i + 1;
                if (cur.length() >= CHUNK) {
                    chunks.add(cur.toString());
                    cur.setLength(0);
                }
            }
        }
        cur.append(text, start, text.length());
        if (!cur.isEmpty()) {
            chunks.add(cur.toString());
        }
        return chunks;
    }

    static long bytes() throws IOException {
        return Files.size(root().resolve("bench.txt"));
    }
}
