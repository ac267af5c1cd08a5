package bitnet.tokenizer.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import bitnet.api.tokenizer.BatchOptions;
import bitnet.api.tokenizer.Encoding;
import bitnet.api.tokenizer.Padding;
import bitnet.api.tokenizer.TextPair;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.Truncation;
import bitnet.tokenizer.decoder.Decoder;
import bitnet.tokenizer.model.Model;
import bitnet.tokenizer.model.TokenBuffer;
import bitnet.tokenizer.normalizer.Normalizer;
import bitnet.tokenizer.pretokenizer.PreTokenizer;
import bitnet.tokenizer.processor.Parts;
import bitnet.tokenizer.processor.PostProcessor;
import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;

/**
 * Hugging Face's tokenization pipeline: added tokens, normalizer, pre-tokenizer, model, post-processor; and the
 * decoder on the way back. Immutable and thread-safe.
 */
public final class PipelineTokenizer implements Tokenizer {
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final Model model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final AddedVocabulary added;
    private final Truncation defaultTruncation;
    private final Padding defaultPadding;
    private final int vocabSize;

    /** The parts of a pipeline; all but the model may be null. */
    public record Components(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
            Decoder decoder) {
    }

    /**
     * @param parts normalizer, pre-tokenizer, model, post-processor, decoder
     * @param addedTokens the added tokens
     * @param truncation truncation from the file, applied by {@link #encode} and {@link #encodePair}; may be null
     * @param padding padding from the file, applied by {@link #encode} and {@link #encodePair}; may be null
     */
    public PipelineTokenizer(Components parts, List<AddedToken> addedTokens, Truncation truncation, Padding padding) {
        this.normalizer = parts.normalizer();
        this.preTokenizer = parts.preTokenizer();
        this.model = Objects.requireNonNull(parts.model(), "model");
        this.postProcessor = parts.postProcessor();
        this.decoder = parts.decoder();
        this.added = new AddedVocabulary(addedTokens, normalizer);
        this.defaultTruncation = truncation;
        this.defaultPadding = padding;
        Map<String, Integer> all = new HashMap<>(model.vocab());
        for (AddedToken t : addedTokens) {
            all.put(t.content(), t.id());
        }
        this.vocabSize = all.size();
    }

    /** @return the model */
    public Model model() {
        return model;
    }

    /** @return the added vocabulary */
    public AddedVocabulary addedVocabulary() {
        return added;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public Encoding encode(String text, boolean addSpecialTokens) {
        Objects.requireNonNull(text, "text");
        Parts p = finish(encodeSequence(text, 0), null, addSpecialTokens, defaultTruncation);
        if (defaultPadding != null) {
            pad(List.of(p), defaultPadding);
        }
        return p.toEncoding();
    }

    @Override
    public Encoding encodePair(String first, String second, boolean addSpecialTokens) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Parts p = finish(encodeSequence(first, 0), encodeSequence(second, 1), addSpecialTokens, defaultTruncation);
        if (defaultPadding != null) {
            pad(List.of(p), defaultPadding);
        }
        return p.toEncoding();
    }

    @Override
    public List<Encoding> encodeBatch(List<String> texts, BatchOptions options) {
        List<Parts> all = new ArrayList<>(texts.size());
        for (String t : texts) {
            all.add(finish(encodeSequence(Objects.requireNonNull(t, "text"), 0), null, options.addSpecialTokens(),
                    options.truncation()));
        }
        return padAndBuild(all, options.padding());
    }

    @Override
    public List<Encoding> encodePairBatch(List<TextPair> pairs, BatchOptions options) {
        List<Parts> all = new ArrayList<>(pairs.size());
        for (TextPair p : pairs) {
            all.add(finish(encodeSequence(p.first(), 0), encodeSequence(p.second(), 1), options.addSpecialTokens(),
                    options.truncation()));
        }
        return padAndBuild(all, options.padding());
    }

    private static List<Encoding> padAndBuild(List<Parts> all, Padding padding) {
        if (padding != null) {
            pad(all, padding);
        }
        List<Encoding> out = new ArrayList<>(all.size());
        for (Parts p : all) {
            out.add(p.toEncoding());
        }
        return out;
    }

    private static void pad(List<Parts> all, Padding padding) {
        if (all.isEmpty()) {
            return;
        }
        int target = padding.length();
        if (padding.strategy() == bitnet.api.tokenizer.PaddingStrategy.LONGEST) {
            target = 0;
            for (Parts p : all) {
                target = Math.max(target, p.size());
            }
        }
        int m = padding.multipleOf();
        if (m > 0 && target % m > 0) {
            target += m - target % m;
        }
        for (Parts p : all) {
            p.pad(target, padding.direction(), padding.padId(), padding.padTypeId(), padding.padToken());
        }
    }

    /** Truncation, then post-processing, as Hugging Face's {@code post_process}. */
    private Parts finish(Parts first, Parts second, boolean addSpecialTokens, Truncation truncation) {
        if (truncation != null) {
            int addedCount = postProcessor == null ? 0 : postProcessor.addedTokens(second != null);
            Truncation t = truncation;
            if (addSpecialTokens && addedCount > 0) {
                t = new Truncation(Math.max(0, truncation.maxLength() - addedCount), truncation.strategy(),
                        truncation.direction());
            }
            Truncator.truncate(first, second, t);
        }
        List<Parts> encodings = second == null ? List.of(first) : List.of(first, second);
        first.setTypeIds(0);
        if (second != null) {
            second.setTypeIds(1);
        }
        if (postProcessor != null) {
            encodings = postProcessor.process(encodings, addSpecialTokens);
        }
        return encodings.size() == 1 ? encodings.get(0) : Parts.concat(encodings);
    }

    private Parts encodeSequence(String rawText, int typeId) {
        String text = Chars.wellFormed(rawText);
        List<AddedVocabulary.Piece> pieces = added.extractAndNormalize(text, normalizer);
        Parts out = new Parts(Math.max(8, text.length() / 3));
        TokenBuffer buf = new TokenBuffer();
        List<NormalizedString> words = new ArrayList<>();
        for (AddedVocabulary.Piece piece : pieces) {
            NormalizedString ns = piece.text();
            if (piece.tokenId() >= 0) {
                out.add(piece.tokenId(), ns.text(), typeId, ns.originalStart(), ns.originalEnd(), 0, 1);
                continue;
            }
            if (ns.isEmpty()) {
                continue;
            }
            words.clear();
            if (preTokenizer == null) {
                words.add(ns);
            } else {
                preTokenizer.split(ns, words);
            }
            for (NormalizedString w : words) {
                buf.clear();
                model.tokenize(w.text(), buf);
                for (int i = 0; i < buf.size(); i++) {
                    int id = buf.id(i);
                    int s = buf.start(i);
                    int e = buf.end(i);
                    out.add(id, model.idToToken(id), typeId, w.originalStartOf(s, e), w.originalEndOf(s, e), 0, 1);
                }
            }
        }
        return out;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = idToToken(id);
            if (t == null) {
                throw new TokenizerException("cannot decode id " + id + ": it is not in the vocabulary (ids go up to "
                        + (maxId()) + ")");
            }
            if (skipSpecialTokens && added.isSpecial(t)) {
                continue;
            }
            tokens.add(t);
        }
        return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
    }

    private int maxId() {
        int max = -1;
        for (AddedToken t : added.tokens()) {
            max = Math.max(max, t.id());
        }
        for (int id : model.vocab().values()) {
            max = Math.max(max, id);
        }
        return max;
    }

    @Override
    public List<String> decodeBatch(List<int[]> batch, boolean skipSpecialTokens) {
        List<String> out = new ArrayList<>(batch.size());
        for (int[] ids : batch) {
            out.add(decode(ids, skipSpecialTokens));
        }
        return out;
    }

    @Override
    public OptionalInt tokenToId(String token) {
        Integer a = added.idOf(token);
        if (a != null) {
            return OptionalInt.of(a);
        }
        int id = model.tokenToId(token);
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String idToToken(int id) {
        AddedToken t = added.byId(id);
        return t != null ? t.content() : model.idToToken(id);
    }
}
