package bitnet.tokenizer.pipeline;

import bitnet.api.tokenizer.Truncation;
import bitnet.api.tokenizer.TruncationStrategy;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.tokenizer.processor.Parts;

/** Hugging Face's {@code truncate_encodings}: how many tokens each sequence of a pair keeps. */
final class Truncator {
    private Truncator() {
    }

    static void truncate(Parts first, Parts second, Truncation t) {
        int max = t.maxLength();
        if (max == 0) {
            first.truncate(0, t.direction());
            if (second != null) {
                second.truncate(0, t.direction());
            }
            return;
        }
        int total = first.size() + (second == null ? 0 : second.size());
        if (total <= max) {
            return;
        }
        int toRemove = total - max;
        switch (t.strategy()) {
            case LONGEST_FIRST -> {
                if (second == null) {
                    first.truncate(total - toRemove, t.direction());
                    return;
                }
                int n1 = first.size();
                int n2 = second.size();
                boolean swap = n1 > n2;
                if (swap) {
                    int x = n1;
                    n1 = n2;
                    n2 = x;
                }
                n2 = n1 > max ? n1 : Math.max(n1, max - n1);
                if (n1 + n2 > max) {
                    n1 = max / 2;
                    n2 = n1 + max % 2;
                }
                if (swap) {
                    int x = n1;
                    n1 = n2;
                    n2 = x;
                }
                first.truncate(n1, t.direction());
                second.truncate(n2, t.direction());
            }
            case ONLY_FIRST, ONLY_SECOND -> {
                Parts target = t.strategy() == TruncationStrategy.ONLY_FIRST ? first : second;
                if (target == null) {
                    throw new TokenizerException("truncation only_second needs a pair of texts; got a single text");
                }
                if (target.size() > toRemove) {
                    target.truncate(target.size() - toRemove, t.direction());
                } else {
                    throw new TokenizerException("truncation: the " + (target == first ? "first" : "second")
                            + " sequence has " + target.size() + " tokens, too few to remove " + toRemove
                            + " and fit max_length " + max + "; use longest_first or a larger max_length");
                }
            }
            default -> throw new IllegalStateException(t.strategy().name());
        }
    }
}
