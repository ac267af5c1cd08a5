package bitnet.tokenizer.pretokenizer;

import java.util.ArrayList;
import java.util.List;

import bitnet.tokenizer.text.NormalizedString;

/** Applies pre-tokenizers in order, each to every piece the previous one made. */
public final class SequencePreTokenizer implements PreTokenizer {
    private final PreTokenizer[] steps;

    /** @param steps the pre-tokenizers, first applied first */
    public SequencePreTokenizer(List<PreTokenizer> steps) {
        this.steps = steps.toArray(PreTokenizer[]::new);
    }

    @Override
    public void split(NormalizedString s, List<NormalizedString> out) {
        List<NormalizedString> cur = new ArrayList<>();
        cur.add(s);
        for (int k = 0; k < steps.length; k++) {
            List<NormalizedString> next = k == steps.length - 1 ? out : new ArrayList<>();
            for (NormalizedString piece : cur) {
                steps[k].split(piece, next);
            }
            cur = next;
        }
        if (steps.length == 0) {
            out.add(s);
        }
    }
}
