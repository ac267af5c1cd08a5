package bitnet.tokenizer.text;

/**
 * A piece of text as normalization left it, with the span of the original text each UTF-16 unit comes from.
 * Immutable: every operation returns a new instance. While nothing has changed the text, it is a plain slice of the
 * original and carries no per-unit arrays.
 */
public final class NormalizedString {
    private final String text;
    /** Original start of each unit; null while the text is the original slice starting at {@link #base}. */
    private final int[] starts;
    private final int[] ends;
    private final int base;
    private final int originalStart;
    private final int originalEnd;

    private NormalizedString(String text, int[] starts, int[] ends, int base, int originalStart, int originalEnd) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
        this.base = base;
        this.originalStart = originalStart;
        this.originalEnd = originalEnd;
    }

    /**
     * @param original a whole text
     * @return that text, not normalized yet
     */
    public static NormalizedString of(String original) {
        return new NormalizedString(original, null, null, 0, 0, original.length());
    }

    /** @return the normalized text */
    public String text() {
        return text;
    }

    /** @return the normalized length in UTF-16 units */
    public int length() {
        return text.length();
    }

    /** @return whether the normalized text is empty */
    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** @return the start of the original span this piece covers */
    public int originalStart() {
        return originalStart;
    }

    /** @return the end of the original span this piece covers */
    public int originalEnd() {
        return originalEnd;
    }

    /**
     * @param i a unit index in the normalized text
     * @return the original start of that unit
     */
    public int startOf(int i) {
        return starts == null ? base + i : starts[i];
    }

    /**
     * @param i a unit index in the normalized text
     * @return the original end of that unit
     */
    public int endOf(int i) {
        return ends == null ? base + i + 1 : ends[i];
    }

    /**
     * @param start normalized start, inclusive
     * @param end normalized end, exclusive
     * @return the original start of that range (its end when empty)
     */
    public int originalStartOf(int start, int end) {
        if (start >= end) {
            return start < text.length() ? startOf(start) : (text.isEmpty() ? originalEnd : endOf(text.length() - 1));
        }
        return startOf(start);
    }

    /**
     * @param start normalized start, inclusive
     * @param end normalized end, exclusive
     * @return the original end of that range
     */
    public int originalEndOf(int start, int end) {
        if (start >= end) {
            return originalStartOf(start, end);
        }
        return endOf(end - 1);
    }

    /**
     * @param start normalized start, inclusive
     * @param end normalized end, exclusive
     * @return that part, keeping its alignment
     */
    public NormalizedString slice(int start, int end) {
        if (start == 0 && end == text.length()) {
            return this;
        }
        String sub = text.substring(start, end);
        int os = originalStartOf(start, end);
        int oe = originalEndOf(start, end);
        if (starts == null) {
            return new NormalizedString(sub, null, null, base + start, os, oe);
        }
        int[] s = java.util.Arrays.copyOfRange(starts, start, end);
        int[] e = java.util.Arrays.copyOfRange(ends, start, end);
        return new NormalizedString(sub, s, e, 0, os, oe);
    }

    /**
     * @param replacement a text of the same length whose unit {@code i} stands where unit {@code i} of this one did
     * @return the replacement with this alignment
     */
    public NormalizedString withSameLength(String replacement) {
        if (replacement.length() != text.length()) {
            throw new IllegalArgumentException("replacement has length " + replacement.length() + ", not "
                    + text.length());
        }
        return new NormalizedString(replacement, starts, ends, base, originalStart, originalEnd);
    }

    /** @return a builder that rewrites this text, starting empty */
    public Builder rewrite() {
        return new Builder(this);
    }

    /** Builds a rewritten text unit by unit, each unit carrying the original span it stands for. */
    public static final class Builder {
        private final NormalizedString source;
        private final StringBuilder sb;
        private int[] starts;
        private int[] ends;

        Builder(NormalizedString source) {
            this.source = source;
            int cap = Math.max(16, source.length() + 8);
            this.sb = new StringBuilder(cap);
            this.starts = new int[cap];
            this.ends = new int[cap];
        }

        /**
         * Appends a code point standing for the source units {@code [from, to)}.
         *
         * @param cp the code point
         * @param from first source unit
         * @param to end source unit, exclusive; equal to {@code from} for an insertion next to unit {@code from}
         * @return this
         */
        public Builder append(int cp, int from, int to) {
            int os = source.originalStartOf(from, to);
            int oe = source.originalEndOf(from, to);
            int n = Character.charCount(cp);
            ensure(n);
            int at = sb.length();
            sb.appendCodePoint(cp);
            for (int k = 0; k < n; k++) {
                starts[at + k] = os;
                ends[at + k] = oe;
            }
            return this;
        }

        /**
         * Appends a string, every unit standing for the source units {@code [from, to)}.
         *
         * @param s the text
         * @param from first source unit
         * @param to end source unit, exclusive
         * @return this
         */
        public Builder append(CharSequence s, int from, int to) {
            int os = source.originalStartOf(from, to);
            int oe = source.originalEndOf(from, to);
            int n = s.length();
            ensure(n);
            int at = sb.length();
            sb.append(s);
            for (int k = 0; k < n; k++) {
                starts[at + k] = os;
                ends[at + k] = oe;
            }
            return this;
        }

        /**
         * Copies source units unchanged.
         *
         * @param from first source unit
         * @param to end source unit, exclusive
         * @return this
         */
        public Builder copy(int from, int to) {
            int n = to - from;
            ensure(n);
            int at = sb.length();
            sb.append(source.text, from, to);
            for (int k = 0; k < n; k++) {
                starts[at + k] = source.startOf(from + k);
                ends[at + k] = source.endOf(from + k);
            }
            return this;
        }

        /** @return the number of units appended so far */
        public int length() {
            return sb.length();
        }

        private void ensure(int more) {
            int need = sb.length() + more;
            if (need > starts.length) {
                int cap = Math.max(need, starts.length * 2);
                starts = java.util.Arrays.copyOf(starts, cap);
                ends = java.util.Arrays.copyOf(ends, cap);
            }
        }

        /** @return the rewritten text */
        public NormalizedString build() {
            int n = sb.length();
            return new NormalizedString(sb.toString(), java.util.Arrays.copyOf(starts, n),
                    java.util.Arrays.copyOf(ends, n), 0, source.originalStart, source.originalEnd);
        }
    }
}
