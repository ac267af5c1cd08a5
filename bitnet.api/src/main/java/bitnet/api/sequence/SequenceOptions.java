package bitnet.api.sequence;

import java.util.Objects;

import bitnet.api.tokenizer.Direction;

/**
 * How to pad and truncate a batch.
 *
 * @param padTo how the padded length is chosen
 * @param padLength the length for {@link PadTo#FIXED}
 * @param multipleOf N for {@link PadTo#MULTIPLE_OF}, at least 1
 * @param padSide where padding goes: {@link Direction#RIGHT} (after the tokens) or {@link Direction#LEFT}
 * @param padId the id written into padding; may equal a real token's id (EOS), since masks come from lengths
 * @param truncation how over-long sequences are shortened
 * @param maxLength the truncation limit and the {@link PadTo#MAX_LENGTH} length; 0 means none
 * @param specialsStart leading special tokens of id-array sequences kept by {@link TruncationMode#CONDITIONAL}
 * @param specialsEnd trailing special tokens kept by {@link TruncationMode#CONDITIONAL}
 */
public record SequenceOptions(PadTo padTo, int padLength, int multipleOf, Direction padSide, int padId,
        TruncationMode truncation, int maxLength, int specialsStart, int specialsEnd) {

    /**
     * @throws NullPointerException if an enum is null
     * @throws SequenceException if a length is negative, {@code multipleOf < 1}, or the strategy lacks its length
     */
    public SequenceOptions {
        Objects.requireNonNull(padTo, "padTo");
        Objects.requireNonNull(padSide, "padSide");
        Objects.requireNonNull(truncation, "truncation");
        if (padLength < 0 || maxLength < 0 || specialsStart < 0 || specialsEnd < 0 || multipleOf < 1) {
            throw new SequenceException("lengths must not be negative and multipleOf must be at least 1: padLength="
                    + padLength + " maxLength=" + maxLength + " multipleOf=" + multipleOf + " specials="
                    + specialsStart + "/" + specialsEnd);
        }
        if (padTo == PadTo.MAX_LENGTH && maxLength == 0) {
            throw new SequenceException("padding to MAX_LENGTH needs maxLength > 0");
        }
        if (truncation != TruncationMode.NONE && maxLength == 0) {
            throw new SequenceException("truncation " + truncation + " needs maxLength > 0");
        }
        if (truncation == TruncationMode.CONDITIONAL && maxLength < specialsStart + specialsEnd) {
            throw new SequenceException("maxLength " + maxLength + " cannot keep " + specialsStart + " + "
                    + specialsEnd + " special tokens");
        }
    }

    /** @return pad to the longest, on the right, with id 0, no truncation */
    public static SequenceOptions longest() {
        return new SequenceOptions(PadTo.LONGEST, 0, 1, Direction.RIGHT, 0, TruncationMode.NONE, 0, 0, 0);
    }

    /**
     * @param newPadTo strategy
     * @param length padLength for FIXED, N for MULTIPLE_OF, maxLength for MAX_LENGTH; ignored for LONGEST
     * @return these options padding another way
     */
    public SequenceOptions padTo(PadTo newPadTo, int length) {
        return switch (newPadTo) {
            case LONGEST -> new SequenceOptions(newPadTo, padLength, multipleOf, padSide, padId, truncation,
                    maxLength, specialsStart, specialsEnd);
            case FIXED -> new SequenceOptions(newPadTo, length, multipleOf, padSide, padId, truncation, maxLength,
                    specialsStart, specialsEnd);
            case MULTIPLE_OF -> new SequenceOptions(newPadTo, padLength, length, padSide, padId, truncation,
                    maxLength, specialsStart, specialsEnd);
            case MAX_LENGTH -> new SequenceOptions(newPadTo, padLength, multipleOf, padSide, padId, truncation,
                    length, specialsStart, specialsEnd);
        };
    }

    /**
     * @param side padding side
     * @param id padding id
     * @return these options with another side and pad id
     */
    public SequenceOptions pad(Direction side, int id) {
        return new SequenceOptions(padTo, padLength, multipleOf, side, id, truncation, maxLength, specialsStart,
                specialsEnd);
    }

    /**
     * @param mode truncation mode
     * @param limit maxLength
     * @return these options with truncation
     */
    public SequenceOptions truncate(TruncationMode mode, int limit) {
        return new SequenceOptions(padTo, padLength, multipleOf, padSide, padId, mode, limit, specialsStart,
                specialsEnd);
    }

    /**
     * @param start leading specials of id arrays
     * @param end trailing specials of id arrays
     * @return these options keeping that many specials under CONDITIONAL truncation
     */
    public SequenceOptions specials(int start, int end) {
        return new SequenceOptions(padTo, padLength, multipleOf, padSide, padId, truncation, maxLength, start, end);
    }
}
