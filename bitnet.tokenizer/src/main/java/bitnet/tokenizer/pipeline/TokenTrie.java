package bitnet.tokenizer.pipeline;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the leftmost, then longest, occurrence of any of a set of strings. */
final class TokenTrie {
    private static final class Node {
        final Map<Character, Node> next = new HashMap<>(4);
        int token = -1;
    }

    private final Node root = new Node();
    private final BitSet firstChars = new BitSet(65536);
    private final boolean empty;

    /** @param patterns the strings; the index in the list is what a match reports */
    TokenTrie(List<String> patterns) {
        boolean any = false;
        for (int k = 0; k < patterns.size(); k++) {
            String p = patterns.get(k);
            if (p.isEmpty()) {
                continue;
            }
            any = true;
            Node n = root;
            for (int i = 0; i < p.length(); i++) {
                n = n.next.computeIfAbsent(p.charAt(i), c -> new Node());
            }
            if (n.token < 0) {
                n.token = k;
            }
            firstChars.set(p.charAt(0));
        }
        empty = !any;
    }

    /**
     * @param text the text
     * @param from where to start looking
     * @param found receives {pattern index, start, end} of the match
     * @return whether one was found
     */
    boolean find(String text, int from, int[] found) {
        if (empty) {
            return false;
        }
        int n = text.length();
        for (int i = from; i < n; i++) {
            if (!firstChars.get(text.charAt(i))) {
                continue;
            }
            Node node = root;
            int best = -1;
            int bestEnd = -1;
            for (int j = i; j < n; j++) {
                node = node.next.get(text.charAt(j));
                if (node == null) {
                    break;
                }
                if (node.token >= 0) {
                    best = node.token;
                    bestEnd = j + 1;
                }
            }
            if (best >= 0) {
                found[0] = best;
                found[1] = i;
                found[2] = bestEnd;
                return true;
            }
        }
        return false;
    }
}
