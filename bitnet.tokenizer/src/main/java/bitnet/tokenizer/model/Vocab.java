package bitnet.tokenizer.model;

import java.util.Map;

import bitnet.api.tokenizer.TokenizerException;

/** A token-to-id map and its inverse. */
final class Vocab {
    final Map<String, Integer> byToken;
    final String[] byId;

    Vocab(Map<String, Integer> byToken) {
        this.byToken = byToken;
        int max = -1;
        for (int id : byToken.values()) {
            if (id < 0) {
                throw new TokenizerException("negative token id " + id + " in the vocabulary");
            }
            max = Math.max(max, id);
        }
        this.byId = new String[max + 1];
        for (Map.Entry<String, Integer> e : byToken.entrySet()) {
            byId[e.getValue()] = e.getKey();
        }
    }

    int id(String token) {
        Integer id = byToken.get(token);
        return id == null ? -1 : id;
    }

    String token(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }
}
