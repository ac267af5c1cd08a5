package bitnet.sequence;

import bitnet.api.sequence.SequenceException;
import bitnet.api.sequence.TruncationMode;

/**
 * Which tokens of a row survive truncation, as half-open ranges of the row's token indices: {@code {s0, e0, s1,
 * e1}} (the second range is empty except for CONDITIONAL, which keeps a tail of specials apart from the head).
 */
final class Windows {
    private Windows() {
    }

    /**
     * @param n tokens in the row
     * @param head leading specials (CONDITIONAL)
     * @param tail trailing specials (CONDITIONAL)
     * @param mode truncation mode
     * @param max the limit, 0 for none
     * @param row row index, for messages
     */
    static int[] single(int n, int head, int tail, TruncationMode mode, int max, int row) {
        if (mode == TruncationMode.NONE || max == 0 || n <= max) {
            return new int[] {0, n, n, n};
        }
        return switch (mode) {
            case LEFT -> new int[] {n - max, n, n, n};
            case RIGHT, LONGEST_FIRST, NONE -> new int[] {0, max, max, max};
            case CONDITIONAL -> {
                int h = Math.min(head, n);
                int t = Math.min(tail, n - h);
                if (h + t > max) {
                    throw new SequenceException("row " + row + " has " + h + " leading and " + t + " trailing "
                            + "special tokens, more than maxLength " + max + " can keep; raise maxLength");
                }
                yield new int[] {0, max - t, n - t, n};
            }
        };
    }

    /**
     * LONGEST_FIRST for a pair: the kept prefix lengths of both parts. Removing one token at a time from the
     * longer part (the second on ties) until the pair fits has this closed form.
     */
    static int[] longestFirst(int a, int b, int max) {
        int excess = a + b - max;
        if (excess <= 0) {
            return new int[] {a, b};
        }
        if (a > b) {
            int d = Math.min(excess, a - b);
            a -= d;
            excess -= d;
        } else if (b > a) {
            int d = Math.min(excess, b - a);
            b -= d;
            excess -= d;
        }
        b -= (excess + 1) / 2;
        a -= excess / 2;
        return new int[] {a, b};
    }

    static int kept(int[] w) {
        return (w[1] - w[0]) + (w[3] - w[2]);
    }
}
