package bitnet.api.sequence;

/**
 * Length statistics over a batch or a stream of sequences.
 *
 * @param sequences sequences counted
 * @param tokens real tokens
 * @param paddedSlots token slots of the padded batches (equals {@code tokens} for lengths added without a batch)
 * @param truncatedTokens tokens dropped by truncation
 * @param minLength shortest sequence, 0 when none
 * @param maxLength longest sequence, 0 when none
 * @param bucketWidth histogram bucket width
 * @param histogram {@code histogram[k]} counts lengths in {@code [k * bucketWidth, (k + 1) * bucketWidth)}; a copy
 */
public record LengthStats(long sequences, long tokens, long paddedSlots, long truncatedTokens, int minLength,
        int maxLength, int bucketWidth, long[] histogram) {

    /** @return mean length, 0 when none */
    public double meanLength() {
        return sequences == 0 ? 0 : (double) tokens / sequences;
    }

    /** @return padding slots over all slots, 0 when none */
    public double paddingRatio() {
        return paddedSlots == 0 ? 0 : (double) (paddedSlots - tokens) / paddedSlots;
    }
}
