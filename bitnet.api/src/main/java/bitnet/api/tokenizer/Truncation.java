package bitnet.api.tokenizer;

import java.util.Objects;

/**
 * Truncation of encodings to a maximum number of tokens. The special tokens the post-processor adds count towards
 * the maximum: the sequences are shortened by that many more tokens first, as Hugging Face does.
 *
 * @param maxLength the most tokens an encoding may have, special tokens included; 0 or more
 * @param strategy which sequence of a pair is shortened
 * @param direction the side tokens are removed from
 */
public record Truncation(int maxLength, TruncationStrategy strategy, Direction direction) {

    /**
     * @throws IllegalArgumentException if {@code maxLength} is negative
     * @throws NullPointerException if {@code strategy} or {@code direction} is null
     */
    public Truncation {
        if (maxLength < 0) {
            throw new IllegalArgumentException("truncation maxLength must be 0 or more, got " + maxLength);
        }
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(direction, "direction");
    }

    /**
     * @param maxLength the most tokens an encoding may have
     * @return longest-first truncation from the right
     */
    public static Truncation right(int maxLength) {
        return new Truncation(maxLength, TruncationStrategy.LONGEST_FIRST, Direction.RIGHT);
    }
}
