package bitnet.inference.chat;

import java.util.Arrays;

/**
 * The platform's BOS policy: a prompt starts with exactly one BOS. Chat templates such as 2B4T's and LLaMA-3's write
 * {@code <|begin_of_text|>} themselves, and a tokenizer whose post-processor adds BOS then adds a second one (Hugging
 * Face's own 2B4T test feeds {@code [128000, 128000, 1502, 25, ...]}); this drops the extra one.
 */
public final class LeadingBos {
    private LeadingBos() {
    }

    /**
     * @param ids prompt token ids
     * @param bosId the BOS token id
     * @return {@code ids} without its first element when it starts with BOS twice (any further leading BOS are
     *     dropped too, leaving one), else {@code ids} itself
     */
    public static int[] single(int[] ids, int bosId) {
        int n = 0;
        while (n < ids.length && ids[n] == bosId) {
            n++;
        }
        return n <= 1 ? ids : Arrays.copyOfRange(ids, n - 1, ids.length);
    }
}
