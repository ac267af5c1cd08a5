package bitnet.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import bitnet.api.tokenizer.Tokenizer;

/** Turns DS's (properties, service) tuples of named tokenizers into (name, tokenizer) pairs. */
final class NamedTokenizers {
    private NamedTokenizers() {
    }

    static List<Map.Entry<String, Tokenizer>> of(List<Map.Entry<Map<String, Object>, Tokenizer>> tuples) {
        List<Map.Entry<String, Tokenizer>> out = new ArrayList<>(tuples.size());
        for (Map.Entry<Map<String, Object>, Tokenizer> t : tuples) {
            Object name = t.getKey().get(Tokenizer.NAME_PROPERTY);
            if (name != null) {
                out.add(Map.entry(String.valueOf(name), t.getValue()));
            }
        }
        return out;
    }
}
