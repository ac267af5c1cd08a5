package bitnet.tokenizer.model;

import java.util.Map;

import bitnet.api.tokenizer.TokenizerException;

/** One token per word: the word's id, or the unknown token's. */
public final class WordLevelModel extends VocabularyModel {
    private final String unkToken;
    private final int unkId;

    /**
     * @param vocab token to id
     * @param unkToken the token for words outside the vocabulary, or null to fail on them
     */
    public WordLevelModel(Map<String, Integer> vocab, String unkToken) {
        super(new Vocab(vocab));
        this.unkToken = unkToken;
        this.unkId = unkToken == null ? -1 : this.vocab.id(unkToken);
    }

    @Override
    public void tokenize(String word, TokenBuffer out) {
        int id = vocab.id(word);
        if (id < 0) {
            if (unkId < 0) {
                throw new TokenizerException("WordLevel: '" + word + "' is not in the vocabulary and the unknown token "
                        + (unkToken == null ? "is not set" : "'" + unkToken + "' is not in the vocabulary either"));
            }
            id = unkId;
        }
        out.add(id, 0, word.length());
    }
}
