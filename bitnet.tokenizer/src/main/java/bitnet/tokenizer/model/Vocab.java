package bitnet.tokenizer.model;

import java.util.Map;

import bitnet.api.tokenizer.TokenizerException;

/** A token-to-id map and its inverse. */
final class Vocab {
    /**
     * Ids leave at most this many slots unused past the token count: the inverse is an array indexed by id, and an
     * id of two billion in a small file would otherwise make it gigabytes (real vocabularies are dense).
     */
    static final int MAX_GAP = 1 << 16;

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
        if (max >= byToken.size() + MAX_GAP) {
            throw new TokenizerException("token id " + max + " in a vocabulary of " + byToken.size()
                    + " tokens: ids must lie below the token count plus " + MAX_GAP);
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
