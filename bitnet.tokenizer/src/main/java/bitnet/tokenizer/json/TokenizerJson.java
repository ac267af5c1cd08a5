package bitnet.tokenizer.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.api.tokenizer.Direction;
import bitnet.api.tokenizer.Padding;
import bitnet.api.tokenizer.PaddingStrategy;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.Truncation;
import bitnet.api.tokenizer.TruncationStrategy;
import bitnet.tokenizer.model.BpeModel;
import bitnet.tokenizer.model.Model;
import bitnet.tokenizer.model.WordLevelModel;
import bitnet.tokenizer.model.WordPieceModel;
import bitnet.tokenizer.normalizer.Normalizer;
import bitnet.tokenizer.pipeline.AddedToken;
import bitnet.tokenizer.pipeline.PipelineTokenizer;

/** Reads a Hugging Face {@code tokenizer.json} into a {@link PipelineTokenizer}. */
public final class TokenizerJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerJson() {
    }

    /**
     * @param in the JSON, UTF-8; not closed
     * @return the tokenizer
     * @throws TokenizerException if the JSON is malformed or uses an unsupported component (named in the message)
     * @throws IOException if reading fails
     */
    public static PipelineTokenizer read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new TokenizerException("tokenizer.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return read(root);
    }

    /**
     * @param root the parsed JSON
     * @return the tokenizer
     * @throws TokenizerException if a part is malformed or unsupported
     */
    public static PipelineTokenizer read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new TokenizerException("tokenizer.json must hold a JSON object");
        }
        if (Json.isNull(root.get("model"))) {
            throw new TokenizerException("tokenizer.json has no \"model\"");
        }
        Model model = model(root.get("model"));
        Normalizer normalizer = ComponentReader.normalizer(root.get("normalizer"));
        List<AddedToken> added = addedTokens(root.get("added_tokens"));
        PipelineTokenizer.Components parts = new PipelineTokenizer.Components(normalizer,
                ComponentReader.preTokenizer(root.get("pre_tokenizer")), model,
                ComponentReader.postProcessor(root.get("post_processor")),
                ComponentReader.decoder(root.get("decoder")));
        return new PipelineTokenizer(parts, added, truncation(root.get("truncation")), padding(root.get("padding")));
    }

    private static Model model(JsonNode m) {
        String type = Json.isNull(m.get("type")) ? inferType(m) : m.get("type").asText();
        return switch (type) {
            case "BPE" -> new BpeModel(vocab(m), merges(m), new BpeModel.Options(Json.textOr(m, "unk_token", null),
                    Json.textOr(m, "continuing_subword_prefix", null), Json.textOr(m, "end_of_word_suffix", null),
                    Json.boolOr(m, "fuse_unk", false), Json.boolOr(m, "byte_fallback", false),
                    Json.boolOr(m, "ignore_merges", false)));
            case "WordPiece" -> new WordPieceModel(vocab(m), Json.textOr(m, "unk_token", "[UNK]"),
                    Json.textOr(m, "continuing_subword_prefix", "##"), Json.intOr(m, "max_input_chars_per_word", 100));
            case "WordLevel" -> new WordLevelModel(vocab(m), Json.textOr(m, "unk_token", null));
            default -> throw ComponentReader.unsupported("model", type, "BPE, WordPiece, WordLevel");
        };
    }

    private static String inferType(JsonNode m) {
        if (m.has("merges")) {
            return "BPE";
        }
        if (m.has("max_input_chars_per_word") || m.has("continuing_subword_prefix")) {
            return "WordPiece";
        }
        if (m.has("vocab") && m.get("vocab").isObject()) {
            return "WordLevel";
        }
        return "(none; the model has no \"type\")";
    }

    private static Map<String, Integer> vocab(JsonNode m) {
        JsonNode v = m.get("vocab");
        if (Json.isNull(v) || !v.isObject()) {
            throw new TokenizerException("model: \"vocab\" must be an object of token to id");
        }
        Map<String, Integer> out = new HashMap<>(v.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt()) {
                throw new TokenizerException("model vocab: id of '" + e.getKey() + "' is not an integer");
            }
            out.put(e.getKey(), e.getValue().intValue());
        }
        return out;
    }

    private static List<String[]> merges(JsonNode m) {
        JsonNode v = m.get("merges");
        List<String[]> out = new ArrayList<>(Json.isNull(v) ? 0 : v.size());
        if (Json.isNull(v)) {
            return out;
        }
        int line = 0;
        for (JsonNode e : v) {
            line++;
            if (e.isArray() && e.size() == 2) {
                out.add(new String[] {e.get(0).asText(), e.get(1).asText()});
            } else if (e.isTextual()) {
                out.add(splitMerge(e.asText(), "merge " + line));
            } else {
                throw new TokenizerException("model merges: entry " + line + " must be \"a b\" or [a, b]");
            }
        }
        return out;
    }

    /**
     * @param s a merge line, {@code "a b"}
     * @param where where it comes from, for the message
     * @return {a, b}
     * @throws TokenizerException if the line is not two tokens separated by one space
     */
    public static String[] splitMerge(String s, String where) {
        int sp = s.indexOf(' ');
        if (sp <= 0 || sp == s.length() - 1 || s.indexOf(' ', sp + 1) >= 0) {
            throw new TokenizerException(where + ": '" + s + "' is not two tokens separated by one space");
        }
        return new String[] {s.substring(0, sp), s.substring(sp + 1)};
    }

    private static List<AddedToken> addedTokens(JsonNode n) {
        List<AddedToken> out = new ArrayList<>();
        if (Json.isNull(n)) {
            return out;
        }
        for (JsonNode t : n) {
            if (Json.isNull(t.get("id"))) {
                throw new TokenizerException("added_tokens: an entry has no id: " + Json.abbreviate(t));
            }
            boolean special = Json.boolOr(t, "special", false);
            out.add(new AddedToken(t.get("id").asInt(), Json.text(t, "content", "added token"),
                    Json.boolOr(t, "single_word", false), Json.boolOr(t, "lstrip", false),
                    Json.boolOr(t, "rstrip", false), Json.boolOr(t, "normalized", !special), special));
        }
        return out;
    }

    private static Truncation truncation(JsonNode n) {
        if (Json.isNull(n)) {
            return null;
        }
        TruncationStrategy s = switch (Json.textOr(n, "strategy", "LongestFirst")) {
            case "LongestFirst" -> TruncationStrategy.LONGEST_FIRST;
            case "OnlyFirst" -> TruncationStrategy.ONLY_FIRST;
            case "OnlySecond" -> TruncationStrategy.ONLY_SECOND;
            default -> throw new TokenizerException("truncation: unknown strategy " + n.get("strategy"));
        };
        return new Truncation(Json.intOr(n, "max_length", 512), s, direction(n));
    }

    private static Direction direction(JsonNode n) {
        return "Left".equals(Json.textOr(n, "direction", "Right")) ? Direction.LEFT : Direction.RIGHT;
    }

    private static Padding padding(JsonNode n) {
        if (Json.isNull(n)) {
            return null;
        }
        JsonNode s = n.get("strategy");
        PaddingStrategy strategy = PaddingStrategy.LONGEST;
        int length = 0;
        if (s != null && s.isObject() && s.has("Fixed")) {
            strategy = PaddingStrategy.FIXED;
            length = s.get("Fixed").asInt();
        }
        return new Padding(strategy, length, Json.intOr(n, "pad_to_multiple_of", 0), direction(n),
                Json.intOr(n, "pad_id", 0), Json.intOr(n, "pad_type_id", 0), Json.textOr(n, "pad_token", "[PAD]"));
    }
}
