package bitnet.tokenizer.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.api.tokenizer.TokenizerException;
import bitnet.tokenizer.decoder.Decoders;
import bitnet.tokenizer.json.TokenizerJson;
import bitnet.tokenizer.model.BpeModel;
import bitnet.tokenizer.model.WordLevelModel;
import bitnet.tokenizer.model.WordPieceModel;
import bitnet.tokenizer.normalizer.BertNormalizer;
import bitnet.tokenizer.pretokenizer.BertPreTokenizer;
import bitnet.tokenizer.pretokenizer.ByteLevel;
import bitnet.tokenizer.pretokenizer.PatternSplit;
import bitnet.tokenizer.processor.ByteLevelProcessor;
import bitnet.tokenizer.processor.TemplateProcessor;

/** Loads tokenizers from the file layouts users bring, and builds the simple word tokenizer. */
public final class Tokenizers {
    private static final String[] BERT_SPECIALS = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};

    private Tokenizers() {
    }

    /**
     * Loads from a {@code tokenizer.json}, a folder (its {@code tokenizer.json} preferred, else
     * {@code vocab.json} + {@code merges.txt}, else {@code vocab.txt}), a {@code vocab.json} or {@code merges.txt}
     * (the other one beside it), or a {@code vocab.txt}.
     *
     * @param path a file or folder
     * @return the tokenizer
     * @throws TokenizerException if nothing loadable is there or the file is malformed
     */
    public static PipelineTokenizer load(Path path) {
        try {
            if (Files.isDirectory(path)) {
                Path json = path.resolve("tokenizer.json");
                if (Files.isRegularFile(json)) {
                    return loadJson(json);
                }
                Path vocab = path.resolve("vocab.json");
                Path merges = path.resolve("merges.txt");
                if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
                    return gpt2(vocab, merges);
                }
                Path txt = path.resolve("vocab.txt");
                if (Files.isRegularFile(txt)) {
                    return bertVocab(txt);
                }
                throw new TokenizerException("no tokenizer in folder " + path
                        + ": expected tokenizer.json, vocab.json + merges.txt, or vocab.txt");
            }
            if (!Files.isRegularFile(path)) {
                throw new TokenizerException("tokenizer file not found: " + path);
            }
            String name = path.getFileName().toString();
            if (name.equals("vocab.json") || name.equals("merges.txt")) {
                Path dir = path.toAbsolutePath().getParent();
                Path vocab = dir.resolve("vocab.json");
                Path merges = dir.resolve("merges.txt");
                if (!Files.isRegularFile(vocab) || !Files.isRegularFile(merges)) {
                    throw new TokenizerException(path + ": a GPT-2 BPE needs vocab.json and merges.txt side by side");
                }
                return gpt2(vocab, merges);
            }
            if (name.endsWith(".txt")) {
                return bertVocab(path);
            }
            return loadJson(path);
        } catch (IOException e) {
            throw new TokenizerException("cannot read tokenizer " + path + ": " + e.getMessage(), e);
        }
    }

    private static PipelineTokenizer loadJson(Path json) throws IOException {
        try (InputStream in = Files.newInputStream(json)) {
            return TokenizerJson.read(in);
        }
    }

    /**
     * GPT-2's layout: byte-level BPE with GPT-2's regex; {@code <|endoftext|>} is a special added token when the
     * vocabulary has it.
     *
     * @param vocabJson the vocabulary
     * @param mergesTxt the merges, one {@code a b} a line after an optional {@code #version} line
     * @return the tokenizer
     * @throws IOException if reading fails
     */
    public static PipelineTokenizer gpt2(Path vocabJson, Path mergesTxt) throws IOException {
        JsonNode v;
        try (InputStream in = Files.newInputStream(vocabJson)) {
            v = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TokenizerException(vocabJson + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (v == null || !v.isObject()) {
            throw new TokenizerException(vocabJson + " must hold an object of token to id");
        }
        Map<String, Integer> vocab = new HashMap<>(v.size() * 2);
        v.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        List<String[]> merges = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(mergesTxt, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if ((no == 1 && line.startsWith("#version")) || line.isEmpty()) {
                    continue;
                }
                merges.add(TokenizerJson.splitMerge(line, mergesTxt.getFileName() + " line " + no));
            }
        }
        BpeModel model = new BpeModel(vocab, merges, BpeModel.Options.plain());
        List<AddedToken> added = new ArrayList<>();
        Integer eot = vocab.get("<|endoftext|>");
        if (eot != null) {
            added.add(new AddedToken(eot, "<|endoftext|>", false, false, false, true, true));
        }
        return new PipelineTokenizer(new PipelineTokenizer.Components(null, new ByteLevel(false, true), model,
                new ByteLevelProcessor(false, true), Decoders.byteLevel()), added, null, null);
    }

    /**
     * BERT's layout: WordPiece over BERT's normalizer and pre-tokenizer, {@code [CLS] A [SEP] B [SEP]}. The text is
     * lowercased (and accents stripped) when the vocabulary has no ASCII uppercase letter outside
     * bracketed special tokens (an uncased model).
     *
     * @param vocabTxt one token a line, in id order
     * @return the tokenizer
     * @throws IOException if reading fails
     */
    public static PipelineTokenizer bertVocab(Path vocabTxt) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        boolean cased = false;
        try (BufferedReader r = Files.newBufferedReader(vocabTxt, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String tok = line.strip();
                vocab.putIfAbsent(tok, vocab.size());
                if (!cased && !isSpecialLike(tok)) {
                    cased = tok.chars().anyMatch(c -> c >= 'A' && c <= 'Z');
                }
            }
        }
        if (!vocab.containsKey("[UNK]")) {
            throw new TokenizerException(vocabTxt + ": a WordPiece vocab.txt must contain [UNK]");
        }
        List<AddedToken> added = new ArrayList<>();
        for (String s : BERT_SPECIALS) {
            Integer id = vocab.get(s);
            if (id != null) {
                added.add(new AddedToken(id, s, false, false, false, false, true));
            }
        }
        Integer cls = vocab.get("[CLS]");
        Integer sep = vocab.get("[SEP]");
        TemplateProcessor post = cls == null || sep == null ? null
                : TemplateProcessor.bert(Map.entry("[CLS]", cls), Map.entry("[SEP]", sep));
        return new PipelineTokenizer(new PipelineTokenizer.Components(new BertNormalizer(true, true, !cased, !cased),
                new BertPreTokenizer(), new WordPieceModel(vocab, "[UNK]", "##", 100), post,
                Decoders.wordPiece("##", true)), added, null, null);
    }

    private static boolean isSpecialLike(String tok) {
        return tok.startsWith("[") && tok.endsWith("]");
    }

    /**
     * A word tokenizer for tests and simple use: splits on white space and punctuation (Hugging Face's Whitespace
     * pre-tokenizer), one id per known word, {@code [UNK]} (id 0) otherwise; decode joins with spaces.
     *
     * @param words the known words; ids follow from 1 in order, repeats ignored
     * @return the tokenizer
     */
    public static PipelineTokenizer words(List<String> words) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("[UNK]", 0);
        for (String w : words) {
            vocab.putIfAbsent(w, vocab.size());
        }
        return new PipelineTokenizer(new PipelineTokenizer.Components(null, PatternSplit.whitespace(),
                new WordLevelModel(vocab, "[UNK]"), null, null),
                List.of(new AddedToken(0, "[UNK]", false, false, false, false, true)), null, null);
    }
}
