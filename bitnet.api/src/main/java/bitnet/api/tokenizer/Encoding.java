package bitnet.api.tokenizer;

/**
 * The result of encoding one text (or pair). Arrays are shared, not copied: treat them as read-only. All arrays
 * have the same length. Offsets are UTF-16 {@code char} indices into the original text, end exclusive.
 *
 * @param ids token ids
 * @param tokens token strings
 * @param typeIds segment ids (0 for the first sequence, 1 for the second of a pair)
 * @param offsetStarts start of each token in the text
 * @param offsetEnds end of each token in the text
 * @param specialTokensMask 1 where the token was added by the post-processor (BOS, CLS, SEP, ...) or is padding;
 *     0 for tokens found in the text, special added tokens written in the text included (as Hugging Face does)
 * @param attentionMask 1 for real tokens, 0 for padding
 */
public record Encoding(int[] ids, String[] tokens, int[] typeIds, int[] offsetStarts, int[] offsetEnds,
        int[] specialTokensMask, int[] attentionMask) {

    /** @return the number of tokens */
    public int length() {
        return ids.length;
    }
}
