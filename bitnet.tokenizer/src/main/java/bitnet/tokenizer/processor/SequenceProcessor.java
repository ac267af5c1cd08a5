package bitnet.tokenizer.processor;

import java.util.List;

/** Applies post-processors in order. */
public final class SequenceProcessor implements PostProcessor {
    private final List<PostProcessor> steps;

    /** @param steps the post-processors */
    public SequenceProcessor(List<PostProcessor> steps) {
        this.steps = List.copyOf(steps);
    }

    @Override
    public int addedTokens(boolean pair) {
        int n = 0;
        for (PostProcessor p : steps) {
            n += p.addedTokens(pair);
        }
        return n;
    }

    @Override
    public List<Parts> process(List<Parts> encodings, boolean addSpecialTokens) {
        List<Parts> cur = encodings;
        for (PostProcessor p : steps) {
            cur = p.process(cur, addSpecialTokens);
        }
        return cur;
    }
}
