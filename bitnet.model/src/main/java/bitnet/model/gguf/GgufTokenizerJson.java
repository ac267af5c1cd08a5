package bitnet.model.gguf;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import bitnet.api.model.ModelFormatException;

/**
 * Turns a GGUF file's {@code tokenizer.ggml.*} metadata into a Hugging Face {@code tokenizer.json} document, the form
 * the platform's tokenizer bundle loads.
 *
 * <p>Supported: {@code tokenizer.ggml.model = "gpt2"} (byte-level BPE) with the pre-tokenizers {@code llama-bpe}
 * (also {@code llama3}, {@code llama-v3}; the default when {@code tokenizer.ggml.pre} is absent, as in the BitNet
 * GGUF files) and {@code gpt2} ({@code gpt-2}). The mapping follows llama.cpp's reading of the same keys: LLaMA-3
 * ignores merges for words already in the vocabulary and adds BOS unless {@code tokenizer.ggml.add_bos_token} says
 * otherwise; GPT-2 adds nothing. Control tokens (type 3) become special added tokens, user-defined ones (type 4)
 * plain added tokens; the BOS, EOS, EOT and padding tokens are always special.
 *
 * <p>Stateless and thread-safe.
 */
public final class GgufTokenizerJson {
    /** Tokenizer kind: {@code gpt2} is byte-level BPE. */
    public static final String MODEL = "tokenizer.ggml.model";
    /** Pre-tokenizer name. */
    public static final String PRE = "tokenizer.ggml.pre";
    /** Token strings in id order. */
    public static final String TOKENS = "tokenizer.ggml.tokens";
    /** Token types in id order (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte). */
    public static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    /** BPE merges, {@code "a b"} in rank order. */
    public static final String MERGES = "tokenizer.ggml.merges";
    /** Beginning-of-sequence token id. */
    public static final String BOS_ID = "tokenizer.ggml.bos_token_id";
    /** End-of-sequence token id. */
    public static final String EOS_ID = "tokenizer.ggml.eos_token_id";
    /** End-of-turn token id. */
    public static final String EOT_ID = "tokenizer.ggml.eot_token_id";
    /** Padding token id. */
    public static final String PAD_ID = "tokenizer.ggml.padding_token_id";
    /** Whether encoding adds BOS. */
    public static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    /** Whether encoding adds EOS. */
    public static final String ADD_EOS = "tokenizer.ggml.add_eos_token";

    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_USER_DEFINED = 4;
    private static final int TYPE_MAX = 6;

    // LLaMA-3's split as its tokenizer.json states it (llama.cpp runs an equivalent without the (?i:) group).
    private static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final JsonFactory JSON = new JsonFactory();

    private GgufTokenizerJson() {
    }

    /** The pre-tokenizers this class knows, with llama.cpp's defaults for them. */
    private enum Pre {
        LLAMA3(true, true),
        GPT2(false, false);

        final boolean ignoreMerges;
        final boolean addBosByDefault;

        Pre(boolean ignoreMerges, boolean addBosByDefault) {
            this.ignoreMerges = ignoreMerges;
            this.addBosByDefault = addBosByDefault;
        }
    }

    /**
     * {@link #build(Map, Path)} for metadata that does not come from a named file.
     *
     * @param metadata the GGUF key-value metadata
     * @return the tokenizer.json document
     * @throws ModelFormatException if a tokenizer key is missing, malformed or unsupported
     */
    public static String build(Map<String, Object> metadata) {
        return build(metadata, Path.of("<gguf>"));
    }

    /**
     * @param metadata the GGUF key-value metadata: strings as {@code String}, integers as {@code Long}, floats as
     *     {@code Double}, bools as {@code Boolean}, arrays as {@code List<Object>} of those; other keys are ignored
     * @param file the GGUF file, named in error messages
     * @return the tokenizer.json document
     * @throws ModelFormatException naming the key at fault if a tokenizer key is missing, of the wrong type,
     *     inconsistent (types and tokens of different lengths, a merge naming an unknown token, an id out of range)
     *     or unsupported (a tokenizer model other than gpt2, an unknown pre-tokenizer)
     */
    public static String build(Map<String, Object> metadata, Path file) {
        Reader in = new Reader(metadata, file);
        String model = in.string(MODEL, null);
        if (model == null) {
            throw in.fail(MODEL + " is missing: the file carries no tokenizer");
        }
        if (!model.equals("gpt2")) {
            throw in.fail(MODEL + " is '" + model + "'; only 'gpt2' (byte-level BPE, as LLaMA-3 and BitNet use) "
                    + "is supported");
        }
        Pre pre = pre(in);
        List<String> tokens = in.strings(TOKENS);
        if (tokens == null || tokens.isEmpty()) {
            throw in.fail(TOKENS + " is missing or empty");
        }
        int[] types = types(in, tokens.size());
        List<String> merges = in.strings(MERGES);
        if (merges == null) {
            throw in.fail(MERGES + " is missing: a byte-level BPE tokenizer needs its merges");
        }
        int bos = in.tokenId(BOS_ID, tokens.size());
        int eos = in.tokenId(EOS_ID, tokens.size());
        int eot = in.tokenId(EOT_ID, tokens.size());
        int pad = in.tokenId(PAD_ID, tokens.size());
        boolean addBos = in.bool(ADD_BOS, pre.addBosByDefault);
        boolean addEos = in.bool(ADD_EOS, false);
        if (addBos && bos < 0) {
            throw in.fail(ADD_BOS + " is true but " + BOS_ID + " is missing");
        }
        if (addEos && eos < 0) {
            throw in.fail(ADD_EOS + " is true but " + EOS_ID + " is missing");
        }
        boolean[] special = new boolean[tokens.size()];
        for (int id : new int[] {bos, eos, eot, pad}) {
            if (id >= 0) {
                special[id] = true;
            }
        }
        Map<String, Integer> vocab = vocabulary(in, tokens, types, special);
        List<String[]> pairs = mergePairs(in, merges, vocab);

        StringWriter out = new StringWriter(tokens.size() * 24 + merges.size() * 20);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", "1.0");
            g.writeNullField("truncation");
            g.writeNullField("padding");
            addedTokens(g, tokens, types, special);
            g.writeNullField("normalizer");
            preTokenizer(g, pre);
            postProcessor(g, addBos ? tokens.get(bos) : null, bos, addEos ? tokens.get(eos) : null, eos);
            g.writeObjectFieldStart("decoder");
            byteLevel(g, true, true, true);
            g.writeEndObject();
            bpeModel(g, pre, tokens, vocab, pairs);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter failed", e);
        }
        return out.toString();
    }

    private static Pre pre(Reader in) {
        String name = in.string(PRE, null);
        if (name == null) {
            return Pre.LLAMA3;
        }
        return switch (name) {
            case "llama-bpe", "llama3", "llama-v3" -> Pre.LLAMA3;
            case "gpt2", "gpt-2" -> Pre.GPT2;
            default -> throw in.fail(PRE + " is '" + name + "'; supported pre-tokenizers: llama-bpe (llama3, "
                    + "llama-v3), gpt2 (gpt-2)");
        };
    }

    private static int[] types(Reader in, int count) {
        List<Object> raw = in.list(TOKEN_TYPE);
        int[] types = new int[count];
        if (raw == null) {
            Arrays.fill(types, 1);
            return types;
        }
        if (raw.size() != count) {
            throw in.fail(TOKEN_TYPE + " has " + raw.size() + " entries but " + TOKENS + " has " + count);
        }
        for (int i = 0; i < count; i++) {
            if (!(raw.get(i) instanceof Number n) || n.longValue() < 1 || n.longValue() > TYPE_MAX) {
                throw in.fail(TOKEN_TYPE + "[" + i + "] is " + raw.get(i) + "; token types are 1 to " + TYPE_MAX);
            }
            types[i] = n.intValue();
        }
        return types;
    }

    private static boolean isAdded(int[] types, boolean[] special, int id) {
        return special[id] || types[id] == TYPE_CONTROL || types[id] == TYPE_USER_DEFINED;
    }

    // Every token goes into the model's vocabulary (ids stay dense); an added token may repeat a vocabulary string,
    // a plain token may not, since it could then never be decoded by id.
    private static Map<String, Integer> vocabulary(Reader in, List<String> tokens, int[] types, boolean[] special) {
        Map<String, Integer> vocab = new HashMap<>(tokens.size() * 2);
        for (int id = 0; id < tokens.size(); id++) {
            String t = tokens.get(id);
            if (t.isEmpty()) {
                throw in.fail(TOKENS + "[" + id + "] is empty");
            }
            Integer first = vocab.putIfAbsent(t, id);
            if (first != null && !isAdded(types, special, id)) {
                throw in.fail(TOKENS + " holds '" + t + "' twice, at ids " + first + " and " + id);
            }
        }
        return vocab;
    }

    private static List<String[]> mergePairs(Reader in, List<String> merges, Map<String, Integer> vocab) {
        List<String[]> pairs = new ArrayList<>(merges.size());
        for (int i = 0; i < merges.size(); i++) {
            String m = merges.get(i);
            // The first part may itself start with a space, so the separator is searched from index 1 (as llama.cpp).
            int sp = m.length() < 3 ? -1 : m.indexOf(' ', 1);
            if (sp < 0 || sp == m.length() - 1) {
                throw in.fail(MERGES + "[" + i + "] is '" + m + "'; a merge is two tokens separated by a space");
            }
            String a = m.substring(0, sp);
            String b = m.substring(sp + 1);
            for (String part : new String[] {a, b, a + b}) {
                if (!vocab.containsKey(part)) {
                    throw in.fail(MERGES + "[" + i + "] '" + m + "' needs the token '" + part
                            + "', which is not in " + TOKENS);
                }
            }
            pairs.add(new String[] {a, b});
        }
        return pairs;
    }

    private static void addedTokens(JsonGenerator g, List<String> tokens, int[] types, boolean[] special)
            throws IOException {
        g.writeArrayFieldStart("added_tokens");
        for (int id = 0; id < tokens.size(); id++) {
            if (!isAdded(types, special, id)) {
                continue;
            }
            boolean isSpecial = special[id] || types[id] == TYPE_CONTROL;
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("content", tokens.get(id));
            g.writeBooleanField("single_word", false);
            g.writeBooleanField("lstrip", false);
            g.writeBooleanField("rstrip", false);
            g.writeBooleanField("normalized", !isSpecial);
            g.writeBooleanField("special", isSpecial);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void preTokenizer(JsonGenerator g, Pre pre) throws IOException {
        g.writeObjectFieldStart("pre_tokenizer");
        if (pre == Pre.GPT2) {
            // ByteLevel with use_regex carries GPT-2's split itself, as GPT-2's own tokenizer.json has it.
            byteLevel(g, false, true, true);
        } else {
            g.writeStringField("type", "Sequence");
            g.writeArrayFieldStart("pretokenizers");
            g.writeStartObject();
            g.writeStringField("type", "Split");
            g.writeObjectFieldStart("pattern");
            g.writeStringField("Regex", LLAMA3_REGEX);
            g.writeEndObject();
            g.writeStringField("behavior", "Isolated");
            g.writeBooleanField("invert", false);
            g.writeEndObject();
            g.writeStartObject();
            byteLevel(g, false, true, false);
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void byteLevel(JsonGenerator g, boolean addPrefixSpace, boolean trimOffsets, boolean useRegex)
            throws IOException {
        g.writeStringField("type", "ByteLevel");
        g.writeBooleanField("add_prefix_space", addPrefixSpace);
        g.writeBooleanField("trim_offsets", trimOffsets);
        g.writeBooleanField("use_regex", useRegex);
    }

    // As Hugging Face's LLaMA tokenizers build it: single = [BOS] $A [EOS], pair = single [BOS]:1 $B:1 [EOS]:1.
    private static void postProcessor(JsonGenerator g, String bos, int bosId, String eos, int eosId)
            throws IOException {
        g.writeObjectFieldStart("post_processor");
        if (bos == null && eos == null) {
            byteLevel(g, true, false, true);
            g.writeEndObject();
            return;
        }
        g.writeStringField("type", "Sequence");
        g.writeArrayFieldStart("processors");
        g.writeStartObject();
        byteLevel(g, true, false, true);
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("type", "TemplateProcessing");
        g.writeArrayFieldStart("single");
        templateSequence(g, bos, eos, "A", 0);
        g.writeEndArray();
        g.writeArrayFieldStart("pair");
        templateSequence(g, bos, eos, "A", 0);
        templateSequence(g, bos, eos, "B", 1);
        g.writeEndArray();
        g.writeObjectFieldStart("special_tokens");
        if (bos != null) {
            specialTokenEntry(g, bos, bosId);
        }
        if (eos != null && !eos.equals(bos)) {
            specialTokenEntry(g, eos, eosId);
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void templateSequence(JsonGenerator g, String bos, String eos, String sequence, int typeId)
            throws IOException {
        if (bos != null) {
            templatePiece(g, "SpecialToken", bos, typeId);
        }
        templatePiece(g, "Sequence", sequence, typeId);
        if (eos != null) {
            templatePiece(g, "SpecialToken", eos, typeId);
        }
    }

    private static void templatePiece(JsonGenerator g, String kind, String id, int typeId) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart(kind);
        g.writeStringField("id", id);
        g.writeNumberField("type_id", typeId);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void specialTokenEntry(JsonGenerator g, String token, int id) throws IOException {
        g.writeObjectFieldStart(token);
        g.writeStringField("id", token);
        g.writeArrayFieldStart("ids");
        g.writeNumber(id);
        g.writeEndArray();
        g.writeArrayFieldStart("tokens");
        g.writeString(token);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void bpeModel(JsonGenerator g, Pre pre, List<String> tokens, Map<String, Integer> vocab,
            List<String[]> pairs) throws IOException {
        g.writeObjectFieldStart("model");
        g.writeStringField("type", "BPE");
        g.writeNullField("dropout");
        g.writeNullField("unk_token");
        g.writeNullField("continuing_subword_prefix");
        g.writeNullField("end_of_word_suffix");
        g.writeBooleanField("fuse_unk", false);
        g.writeBooleanField("byte_fallback", false);
        g.writeBooleanField("ignore_merges", pre.ignoreMerges);
        g.writeObjectFieldStart("vocab");
        for (int id = 0; id < tokens.size(); id++) {
            String t = tokens.get(id);
            if (vocab.get(t) == id) {
                g.writeNumberField(t, id);
            }
        }
        g.writeEndObject();
        // Pairs rather than "a b" strings: unambiguous whatever the tokens hold.
        g.writeArrayFieldStart("merges");
        for (String[] p : pairs) {
            g.writeStartArray();
            g.writeString(p[0]);
            g.writeString(p[1]);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Typed access to the metadata, failing with the file and key named. */
    private record Reader(Map<String, Object> metadata, Path file) {
        ModelFormatException fail(String detail) {
            return new ModelFormatException(file, detail);
        }

        private String typeName(Object v) {
            return v == null ? "null" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        }

        String string(String key, String absent) {
            Object v = metadata.get(key);
            if (v == null) {
                return absent;
            }
            if (!(v instanceof String s)) {
                throw fail(key + " must be a string, got " + typeName(v));
            }
            return s;
        }

        boolean bool(String key, boolean absent) {
            Object v = metadata.get(key);
            if (v == null) {
                return absent;
            }
            if (!(v instanceof Boolean b)) {
                throw fail(key + " must be a bool, got " + typeName(v));
            }
            return b;
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            Object v = metadata.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?>)) {
                throw fail(key + " must be an array, got " + typeName(v));
            }
            return (List<Object>) v;
        }

        List<String> strings(String key) {
            List<Object> raw = list(key);
            if (raw == null) {
                return null;
            }
            List<String> out = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof String s)) {
                    throw fail(key + "[" + i + "] must be a string, got " + typeName(raw.get(i)));
                }
                out.add(s);
            }
            return out;
        }

        /** @return the id, or -1 when the key is absent */
        int tokenId(String key, int vocabSize) {
            Object v = metadata.get(key);
            if (v == null) {
                return -1;
            }
            if (!(v instanceof Long || v instanceof Integer)) {
                throw fail(key + " must be an integer, got " + typeName(v));
            }
            long id = ((Number) v).longValue();
            if (id < 0 || id >= vocabSize) {
                throw fail(key + " is " + id + ", outside the " + vocabSize + " tokens of " + TOKENS);
            }
            return (int) id;
        }
    }
}
