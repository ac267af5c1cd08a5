package bitnet.tokenizer.pipeline;

/**
 * A token matched in the text before the model runs, with Hugging Face's flags.
 *
 * @param id its id
 * @param content the text it matches
 * @param singleWord only match where no word character touches it
 * @param lstrip swallow white space to its left
 * @param rstrip swallow white space to its right
 * @param normalized match in the normalized text rather than the raw text
 * @param special skipped by decode when asked, and a special token
 */
public record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
        boolean normalized, boolean special) {
}
