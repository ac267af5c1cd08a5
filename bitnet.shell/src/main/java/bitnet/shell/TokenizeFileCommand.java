package bitnet.shell;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.TokenizerFactory;

/**
 * Gogo command {@code bitnet:tokenize-file TOKENIZER IN.jsonl OUT.jsonl}: each input line is a JSON object with a
 * {@code text}; each output line is that object plus {@code ids} (no special tokens), {@code ids_special} (with
 * them) and {@code decoded} (decode of {@code ids}, special tokens kept). Gogo runs a hyphenated command through
 * {@code _main}, with the command's name first.
 */
@Component(service = TokenizeFileCommand.class, property = {"osgi.command.scope=bitnet",
        "osgi.command.function=tokenize-file"})
public final class TokenizeFileCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Reference(service = Tokenizer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.REPLACE,
            target = "(" + Tokenizer.NAME_PROPERTY + "=*)")
    private volatile List<Map.Entry<Map<String, Object>, Tokenizer>> named = List.of();

    private final TokenizerResolver resolver;

    /** @param factory loads tokenizers from files */
    @Activate
    public TokenizeFileCommand(@Reference TokenizerFactory factory) {
        this.resolver = new TokenizerResolver(factory, () -> NamedTokenizers.of(named));
    }

    /**
     * @param command the command's name, as Gogo passes it
     * @param tokenizer a configured name or a path
     * @param in the input JSON lines
     * @param out the output JSON lines, replaced if present
     * @return a summary line
     * @throws IllegalArgumentException if a file cannot be read or written, or a line is not an object with a
     *     string {@code text} (the line number is given)
     */
    @Descriptor("tokenizes a JSON-lines file: adds ids, ids_special and decoded to each line's object")
    public String _main(String command,
            @Descriptor("a configured tokenizer's name, or a tokenizer.json, folder, vocab.json or vocab.txt") String tokenizer,
            @Descriptor("input: one JSON object with a string \"text\" per line") String in,
            @Descriptor("output JSON-lines file (replaced)") String out) {
        Tokenizer t = resolver.resolve(tokenizer);
        Path inPath = UserPaths.existing(in);
        Path outPath = UserPaths.output(out);
        int lines = 0;
        try (BufferedReader r = Files.newBufferedReader(inPath, StandardCharsets.UTF_8);
                BufferedWriter w = Files.newBufferedWriter(outPath, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                w.write(MAPPER.writeValueAsString(process(t, line, inPath, no)));
                w.write('\n');
                lines++;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("tokenize-file: " + e.getMessage(), e);
        }
        return "tokenized " + lines + " lines from " + inPath + " into " + outPath;
    }

    static ObjectNode process(Tokenizer t, String line, Path in, int no) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(in + " line " + no + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode obj) || !node.path("text").isTextual()) {
            throw new IllegalArgumentException(in + " line " + no + " must be a JSON object with a string \"text\"");
        }
        String text = obj.get("text").asText();
        try {
            int[] ids = t.encode(text, false).ids();
            int[] special = t.encode(text, true).ids();
            obj.set("ids", array(ids));
            obj.set("ids_special", array(special));
            obj.put("decoded", t.decode(ids, false));
        } catch (TokenizerException e) {
            throw new IllegalArgumentException(in + " line " + no + ": " + e.getMessage(), e);
        }
        return obj;
    }

    private static ArrayNode array(int[] ids) {
        ArrayNode a = MAPPER.createArrayNode();
        for (int id : ids) {
            a.add(id);
        }
        return a;
    }
}
