package bitnet.tokenizer.text;

import java.util.List;

import bitnet.api.tokenizer.TokenizerException;

/** What becomes of a pattern's matches when a text is split on them (Hugging Face's SplitDelimiterBehavior). */
public enum SplitBehavior {
    /** Matches are dropped. */
    REMOVED,
    /** Each match is a piece of its own. */
    ISOLATED,
    /** A match joins the piece before it. */
    MERGED_WITH_PREVIOUS,
    /** A match joins the piece after it. */
    MERGED_WITH_NEXT,
    /** Adjacent matches form one piece. */
    CONTIGUOUS;

    /**
     * @param name the name in tokenizer.json ({@code Isolated}, {@code MergedWithNext}, ...)
     * @return the behaviour
     * @throws TokenizerException if the name is unknown
     */
    public static SplitBehavior parse(String name) {
        return switch (name) {
            case "Removed" -> REMOVED;
            case "Isolated" -> ISOLATED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> throw new TokenizerException("unsupported split behavior '" + name
                    + "': expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous");
        };
    }

    /**
     * Cuts a string into the non-empty pieces this behaviour makes of the given matches.
     *
     * @param s the string
     * @param m its pieces (matches and gaps, covering it)
     * @param out receives the pieces
     */
    public void apply(NormalizedString s, Matches m, List<NormalizedString> out) {
        int n = m.size();
        switch (this) {
            case REMOVED -> {
                for (int i = 0; i < n; i++) {
                    if (!m.isMatch(i)) {
                        add(s, m.start(i), m.end(i), out);
                    }
                }
            }
            case ISOLATED -> {
                for (int i = 0; i < n; i++) {
                    add(s, m.start(i), m.end(i), out);
                }
            }
            case CONTIGUOUS -> {
                int curStart = -1;
                int curEnd = -1;
                boolean prevMatch = false;
                for (int i = 0; i < n; i++) {
                    boolean match = m.isMatch(i);
                    if (match == prevMatch && curStart >= 0) {
                        curEnd = m.end(i);
                    } else {
                        if (curStart >= 0) {
                            add(s, curStart, curEnd, out);
                        }
                        curStart = m.start(i);
                        curEnd = m.end(i);
                    }
                    prevMatch = match;
                }
                if (curStart >= 0) {
                    add(s, curStart, curEnd, out);
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                int curStart = -1;
                int curEnd = -1;
                boolean prevMatch = false;
                for (int i = 0; i < n; i++) {
                    boolean match = m.isMatch(i);
                    if (match && !prevMatch && curStart >= 0) {
                        curEnd = m.end(i);
                    } else {
                        if (curStart >= 0) {
                            add(s, curStart, curEnd, out);
                        }
                        curStart = m.start(i);
                        curEnd = m.end(i);
                    }
                    prevMatch = match;
                }
                if (curStart >= 0) {
                    add(s, curStart, curEnd, out);
                }
            }
            case MERGED_WITH_NEXT -> {
                // Same fold as MERGED_WITH_PREVIOUS, walking backwards.
                int[] starts = new int[n];
                int[] ends = new int[n];
                int k = 0;
                boolean prevMatch = false;
                for (int i = n - 1; i >= 0; i--) {
                    boolean match = m.isMatch(i);
                    if (match && !prevMatch && k > 0) {
                        starts[k - 1] = m.start(i);
                    } else {
                        starts[k] = m.start(i);
                        ends[k] = m.end(i);
                        k++;
                    }
                    prevMatch = match;
                }
                for (int i = k - 1; i >= 0; i--) {
                    add(s, starts[i], ends[i], out);
                }
            }
            default -> throw new IllegalStateException(name());
        }
    }

    private static void add(NormalizedString s, int start, int end, List<NormalizedString> out) {
        if (end > start) {
            out.add(s.slice(start, end));
        }
    }
}
