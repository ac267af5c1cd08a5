package bitnet.model.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.model.ModelFormatException;

/** The Hugging Face tokenizer files beside a model: token ids of special tokens, the chat template, BOS. */
public final class TokenizerFiles {
    /** The tokenizer file name. */
    public static final String TOKENIZER_JSON = "tokenizer.json";
    /** The tokenizer configuration file name. */
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** Newer transformers versions save the chat template in this file instead of tokenizer_config.json. */
    public static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";
    /** Tokens that end a generation whenever the vocabulary has them (Llama 3 end of turn and end of text). */
    public static final List<String> STOP_TOKENS = List.of("<|eot_id|>", "<|end_of_text|>");

    private TokenizerFiles() {
    }

    /**
     * A chat template and where it came from.
     *
     * @param text the Jinja template
     * @param source the file (or key) it came from
     */
    public record Template(String text, String source) {
    }

    /**
     * Finds the ids of some tokens in a {@code tokenizer.json}, in {@code added_tokens} first, then in the model's
     * vocabulary (when it is a token-to-id object, as BPE and WordPiece have). Streams the file: the merges and the
     * rest of the vocabulary are skipped, not kept.
     *
     * @param file the tokenizer.json
     * @param names the tokens wanted
     * @return the ids of those found
     * @throws ModelFormatException if the file is unreadable or not a tokenizer.json object
     */
    public static Map<String, Integer> findIds(Path file, Set<String> names) {
        Map<String, Integer> found = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = JsonFiles.MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ModelFormatException(file, "must hold a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode token = p.readValueAsTree();
                        String content = token.path("content").asText(null);
                        if (content != null && names.contains(content) && token.path("id").canConvertToInt()) {
                            found.putIfAbsent(content, token.path("id").asInt());
                        }
                    }
                } else if (field.equals("model") && value == JsonToken.START_OBJECT) {
                    readVocab(p, names, found);
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new ModelFormatException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e, e);
        }
        return found;
    }

    private static void readVocab(JsonParser p, Set<String> names, Map<String, Integer> found) throws IOException {
        Map<String, Integer> vocab = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    p.nextToken();
                    if (names.contains(token) && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                        vocab.put(token, p.getIntValue());
                    }
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        // added_tokens may come after the model in the file; their ids win, so vocabulary ids only fill gaps.
        vocab.forEach(found::putIfAbsent);
    }

    /**
     * @param config a parsed tokenizer_config.json
     * @param file its path, for messages
     * @return its {@code chat_template}: a string, or from a list of named templates the one named
     *     {@code default} (else the first); null if it has none
     */
    public static String chatTemplate(ObjectNode config, Path file) {
        JsonNode t = config.get("chat_template");
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isTextual()) {
            return t.asText();
        }
        if (t.isArray() && !t.isEmpty()) {
            JsonNode chosen = t.get(0);
            for (JsonNode named : t) {
                if ("default".equals(named.path("name").asText())) {
                    chosen = named;
                }
            }
            if (chosen.path("template").isTextual()) {
                return chosen.path("template").asText();
            }
        }
        throw new ModelFormatException(file, "key \"chat_template\" must be a string or a list of "
                + "{\"name\", \"template\"} objects");
    }

    /**
     * @param config a parsed tokenizer_config.json
     * @return its {@code bos_token} (a string, or an added-token object's {@code content}), or null
     */
    public static String bosToken(ObjectNode config) {
        return tokenText(config, "bos_token");
    }

    /**
     * @param config a parsed tokenizer_config.json
     * @return its {@code eos_token} (a string, or an added-token object's {@code content}), or null
     */
    public static String eosToken(ObjectNode config) {
        return tokenText(config, "eos_token");
    }

    private static String tokenText(ObjectNode config, String key) {
        JsonNode b = config.get(key);
        if (b == null || b.isNull()) {
            return null;
        }
        return b.isTextual() ? b.asText() : b.path("content").asText(null);
    }

    /**
     * The chat template of a model folder: {@code tokenizer_config.json}'s, else {@code chat_template.jinja}.
     *
     * @param folder the folder
     * @param config its parsed tokenizer_config.json, or null if there is none
     * @return the template, or null if neither file has one
     */
    public static Template folderTemplate(Path folder, ObjectNode config) {
        if (config != null) {
            String text = chatTemplate(config, folder.resolve(TOKENIZER_CONFIG));
            if (text != null) {
                return new Template(text, TOKENIZER_CONFIG);
            }
        }
        Path jinja = folder.resolve(CHAT_TEMPLATE_FILE);
        if (Files.isRegularFile(jinja)) {
            try {
                return new Template(Files.readString(jinja, StandardCharsets.UTF_8), CHAT_TEMPLATE_FILE);
            } catch (IOException e) {
                throw new ModelFormatException(jinja, "cannot read: " + e, e);
            }
        }
        return null;
    }
}
