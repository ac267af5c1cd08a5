package bitnet.tokenizer.model;

import java.util.Map;

/** What every vocabulary-backed model answers the same way: lookups in both directions and the vocabulary. */
abstract class VocabularyModel implements Model {
    final Vocab vocab;

    VocabularyModel(Vocab vocab) {
        this.vocab = vocab;
    }

    @Override
    public int tokenToId(String token) {
        return vocab.id(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.byToken.size();
    }

    @Override
    public Map<String, Integer> vocab() {
        return vocab.byToken;
    }
}
