package bitnet.tokenizer.model;

import java.util.Map;

/** Turns one pre-tokenized word into tokens (BPE, WordPiece, WordLevel). Immutable and thread-safe. */
public interface Model {

    /**
     * @param word a non-empty word
     * @param out receives its tokens, offsets relative to the word
     */
    void tokenize(String word, TokenBuffer out);

    /**
     * @param token a token string
     * @return its id, or -1
     */
    int tokenToId(String token);

    /**
     * @param id an id
     * @return its token string, or null
     */
    String idToToken(int id);

    /** @return the number of entries in the vocabulary */
    int vocabSize();

    /** @return the vocabulary, token to id; do not modify */
    Map<String, Integer> vocab();
}
