package bitnet.tokenizer.normalizer;

import java.util.List;

import bitnet.tokenizer.text.NormalizedString;

/** Applies normalizers in order. */
public final class SequenceNormalizer implements Normalizer {
    private final Normalizer[] steps;

    /** @param steps the normalizers, first applied first */
    public SequenceNormalizer(List<Normalizer> steps) {
        this.steps = steps.toArray(Normalizer[]::new);
    }

    @Override
    public NormalizedString normalize(NormalizedString s) {
        NormalizedString r = s;
        for (Normalizer n : steps) {
            r = n.normalize(r);
        }
        return r;
    }
}
