package bitnet.model.gguf;

import java.util.Map;

/**
 * Builds a Hugging Face {@code tokenizer.json} document from a GGUF file's {@code tokenizer.ggml.*} metadata.
 *
 * <p><b>Stub:</b> the implementation is written on branch {@code feature/textside} and replaces this file when the
 * branches are merged.
 *
 * <p>The metadata map handed over holds every key/value pair of the file, in file order, with values as:
 * <ul>
 * <li>strings as {@link String};</li>
 * <li>unsigned and signed integers of every width (u8..u64, i8..i64) as {@link Long} (a u64 above
 * {@code Long.MAX_VALUE} keeps its bits, so it reads as negative);</li>
 * <li>floats (f32, f64) as {@link Double};</li>
 * <li>bools as {@link Boolean};</li>
 * <li>arrays as immutable {@code List<Object>} of those (arrays of arrays as lists of lists).</li>
 * </ul>
 * The map and its lists are immutable and must not be kept after the call.
 */
public final class GgufTokenizerJson {
    private GgufTokenizerJson() {
    }

    /**
     * @param metadata every key of the GGUF file, typed as the class comment says
     * @return a Hugging Face tokenizer.json document
     * @throws UnsupportedOperationException always, in this stub
     */
    public static String build(Map<String, Object> metadata) {
        throw new UnsupportedOperationException("written on branch feature/textside");
    }
}
