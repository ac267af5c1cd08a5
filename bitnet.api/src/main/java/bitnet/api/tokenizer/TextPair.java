package bitnet.api.tokenizer;

import java.util.Objects;

/**
 * Two texts encoded together (question and context, premise and hypothesis); the second gets type id 1 where the
 * post-processor says so.
 *
 * @param first the first text
 * @param second the second text
 */
public record TextPair(String first, String second) {

    /** @throws NullPointerException if a text is null */
    public TextPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }
}
