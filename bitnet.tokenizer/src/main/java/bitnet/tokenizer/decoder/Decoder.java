package bitnet.tokenizer.decoder;

import java.util.List;

/** Turns token strings back into text (Hugging Face's decoders). Immutable and thread-safe. */
@FunctionalInterface
public interface Decoder {

    /**
     * @param tokens token strings, in order
     * @return the strings after this step; the decoded text is their concatenation
     */
    List<String> decodeChain(List<String> tokens);

    /**
     * @param tokens token strings
     * @return the decoded text
     */
    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }
}
