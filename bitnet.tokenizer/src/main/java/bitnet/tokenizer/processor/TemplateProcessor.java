package bitnet.tokenizer.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TemplateProcessing: the single and pair templates list sequences ({@code A}, {@code B}) and special tokens, each
 * with its type id. BertProcessing and RobertaProcessing are templates too.
 */
public final class TemplateProcessor implements PostProcessor {

    /** One element of a template. */
    public sealed interface Piece {
    }

    /**
     * A sequence of the input.
     *
     * @param second whether it is sequence B
     * @param typeId its type id
     */
    public record Sequence(boolean second, int typeId) implements Piece {
    }

    /**
     * A special token (or several ids under one name).
     *
     * @param ids ids
     * @param tokens token strings
     * @param typeId type id
     */
    public record Special(int[] ids, String[] tokens, int typeId) implements Piece {
    }

    private final List<Piece> single;
    private final List<Piece> pair;
    private final boolean trimByteLevelOffsets;

    /**
     * @param single the template for one text
     * @param pair the template for a pair
     * @param trimByteLevelOffsets trim byte-level spaces off offsets (RobertaProcessing's trim_offsets)
     */
    public TemplateProcessor(List<Piece> single, List<Piece> pair, boolean trimByteLevelOffsets) {
        this.single = List.copyOf(single);
        this.pair = List.copyOf(pair);
        this.trimByteLevelOffsets = trimByteLevelOffsets;
    }

    /**
     * @param cls the classifier token and id
     * @param sep the separator token and id
     * @return BERT's {@code [CLS] A [SEP]} / {@code [CLS] A [SEP] B [SEP]} with type ids 0 then 1
     */
    public static TemplateProcessor bert(Map.Entry<String, Integer> cls, Map.Entry<String, Integer> sep) {
        Special c0 = special(cls, 0);
        Special s0 = special(sep, 0);
        Special s1 = special(sep, 1);
        return new TemplateProcessor(List.of(c0, new Sequence(false, 0), s0),
                List.of(c0, new Sequence(false, 0), s0, new Sequence(true, 1), s1), false);
    }

    /**
     * @param cls the start token and id
     * @param sep the end token and id
     * @param trimOffsets trim byte-level spaces off offsets
     * @return RoBERTa's {@code <s> A </s>} / {@code <s> A </s> </s> B </s>}
     */
    public static TemplateProcessor roberta(Map.Entry<String, Integer> cls, Map.Entry<String, Integer> sep,
            boolean trimOffsets) {
        Special c0 = special(cls, 0);
        Special s0 = special(sep, 0);
        Special s1 = special(sep, 1);
        return new TemplateProcessor(List.of(c0, new Sequence(false, 0), s0),
                List.of(c0, new Sequence(false, 0), s0, s1, new Sequence(true, 1), s1), trimOffsets);
    }

    private static Special special(Map.Entry<String, Integer> t, int typeId) {
        return new Special(new int[] {t.getValue()}, new String[] {t.getKey()}, typeId);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof Special s) {
                n += s.ids().length;
            }
        }
        return n;
    }

    @Override
    public List<Parts> process(List<Parts> encodings, boolean addSpecialTokens) {
        if (trimByteLevelOffsets) {
            for (Parts p : encodings) {
                ByteLevelProcessor.trim(p, false);
            }
        }
        List<Piece> template = encodings.size() == 1 ? single : pair;
        List<Parts> out = new ArrayList<>(template.size());
        for (Piece piece : template) {
            switch (piece) {
                case Sequence s -> {
                    Parts p = encodings.get(s.second() ? 1 : 0);
                    p.setTypeIds(s.typeId());
                    out.add(p);
                }
                case Special s -> {
                    if (addSpecialTokens) {
                        Parts p = new Parts(s.ids().length);
                        for (int i = 0; i < s.ids().length; i++) {
                            p.add(s.ids()[i], s.tokens()[i], s.typeId(), 0, 0, 1, 1);
                        }
                        out.add(p);
                    }
                }
            }
        }
        return List.of(Parts.concat(out));
    }
}
