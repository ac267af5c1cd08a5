package bitnet.tokenizer.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.tokenizer.golden.Fixtures;
import bitnet.tokenizer.service.FileTokenizerFactory;

class CommandsTest {
    @TempDir
    Path dir;

    private Path gpt2Folder() {
        Fixtures.extract("models/gpt2.vocab.json.gz", dir.resolve("vocab.json"));
        Fixtures.extract("models/gpt2.merges.txt.gz", dir.resolve("merges.txt"));
        return dir;
    }

    @Test
    void encodeAndDecode() {
        TokenizerCommands c = new TokenizerCommands(new FileTokenizerFactory());
        String folder = gpt2Folder().toString();
        assertEquals("15496 995\n[Hello, \u0120world]", c.encode(folder, "Hello world"));
        assertEquals("15496 995\n[Hello, \u0120world]", c.encode(folder, "Hello", "world"));
        assertEquals("Hello world", c.decode(folder, "15496", "995"));
        assertEquals("Hello world", c.decode(folder, "[15496, 995]"));
        assertEquals("", c.decode(folder));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> c.decode(folder, "x1"));
        assertTrue(bad.getMessage().contains("'x1'"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.decode(folder, "99999999"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> c.encode(dir.resolve("missing").toString(), "x"));
        assertTrue(none.getMessage().contains("no tokenizer named"), none.getMessage());
    }

    @Test
    void tokenizeFileAddsIdsAndDecodedText() throws Exception {
        TokenizeFileCommand c = new TokenizeFileCommand(new FileTokenizerFactory());
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"text\":\"Hello world<|endoftext|>\",\"k\":1}\n\n{\"text\":\"\\u2028x\"}\n",
                StandardCharsets.UTF_8);
        Path out = dir.resolve("out.jsonl");
        String msg = c._main(gpt2Folder().toString(), in.toString(), out.toString());
        assertTrue(msg.contains("2 lines"), msg);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(1, first.get("k").asInt());
        assertArrayEquals(new int[] {15496, 995, 50256}, ints(first.get("ids")));
        assertArrayEquals(new int[] {15496, 995, 50256}, ints(first.get("ids_special")));
        assertEquals("Hello world<|endoftext|>", first.get("decoded").asText());
        assertEquals("\u2028x", new ObjectMapper().readTree(lines.get(1)).get("decoded").asText());
    }

    @Test
    void tokenizeFileNamesTheBadLine() throws Exception {
        TokenizeFileCommand c = new TokenizeFileCommand(new FileTokenizerFactory());
        Path in = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\":\"ok\"}\n{\"txt\":1}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c._main(gpt2Folder().toString(), in.toString(), dir.resolve("o.jsonl").toString()));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }
}
