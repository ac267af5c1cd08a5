package bitnet.api.tokenizer;

import java.util.Objects;

/**
 * Padding of a batch of encodings to a common length. Padding tokens have attention mask 0, special-tokens mask 1
 * and offsets (0, 0).
 *
 * @param strategy how the target length is chosen
 * @param length the target length for {@link PaddingStrategy#FIXED}; ignored for {@link PaddingStrategy#LONGEST}
 * @param multipleOf when above 0, the target length is rounded up to a multiple of it
 * @param direction the side padding is added to
 * @param padId the id of the padding token
 * @param padTypeId the type id given to padding
 * @param padToken the token string of padding
 */
public record Padding(PaddingStrategy strategy, int length, int multipleOf, Direction direction, int padId,
        int padTypeId, String padToken) {

    /**
     * @throws IllegalArgumentException if {@code length} or {@code multipleOf} is negative
     * @throws NullPointerException if {@code strategy}, {@code direction} or {@code padToken} is null
     */
    public Padding {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(padToken, "padToken");
        if (length < 0 || multipleOf < 0) {
            throw new IllegalArgumentException("padding length and multipleOf must be 0 or more, got " + length
                    + " and " + multipleOf);
        }
    }

    /**
     * @param padId the padding token's id
     * @param padToken the padding token
     * @return right padding to the longest encoding of the batch
     */
    public static Padding longest(int padId, String padToken) {
        return new Padding(PaddingStrategy.LONGEST, 0, 0, Direction.RIGHT, padId, 0, padToken);
    }

    /**
     * @param length the target length
     * @param direction where padding goes
     * @param padId the padding token's id
     * @param padToken the padding token
     * @return padding to a fixed length
     */
    public static Padding fixed(int length, Direction direction, int padId, String padToken) {
        return new Padding(PaddingStrategy.FIXED, length, 0, direction, padId, 0, padToken);
    }
}
