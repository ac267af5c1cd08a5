package bitnet.api.tokenizer;

/**
 * How a batch is encoded. Truncation is applied to each encoding before the special tokens are added; padding after.
 *
 * @param addSpecialTokens whether the post-processor adds its special tokens
 * @param truncation the truncation, or null for none
 * @param padding the padding, or null for none
 */
public record BatchOptions(boolean addSpecialTokens, Truncation truncation, Padding padding) {

    /**
     * @param addSpecialTokens whether the post-processor adds its special tokens
     * @return options without truncation or padding
     */
    public static BatchOptions of(boolean addSpecialTokens) {
        return new BatchOptions(addSpecialTokens, null, null);
    }
}
