package bitnet.tokenizer.text;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import bitnet.api.tokenizer.TokenizerException;

/** Finds the pieces to split a text on: a regular expression, a literal string, or a class of characters. */
@FunctionalInterface
public interface TextPattern {

    /**
     * @param text the text
     * @param out cleared, then given the matches and the gaps between them, covering the text
     */
    void find(String text, Matches out);

    /**
     * Compiles a Hugging Face (Oniguruma) regular expression with Unicode classes: {@code \s}, {@code \w},
     * {@code \d} and case-insensitive groups follow Unicode, as they do there.
     *
     * @param regex the expression
     * @return the pattern
     * @throws TokenizerException if Java cannot compile it
     */
    static TextPattern regex(String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new TokenizerException("cannot compile the regex " + regex + ": " + e.getDescription(), e);
        }
        return (text, out) -> {
            out.clear();
            if (text.isEmpty()) {
                out.add(0, 0, false);
                return;
            }
            Matcher m = p.matcher(text);
            int prev = 0;
            while (m.find()) {
                int s = m.start();
                int e = m.end();
                if (prev != s) {
                    out.add(prev, s, false);
                }
                out.add(s, e, true);
                prev = e;
            }
            if (prev != text.length()) {
                out.add(prev, text.length(), false);
            }
        };
    }

    /**
     * @param literal the string to find; an empty one never matches
     * @return the pattern
     */
    static TextPattern literal(String literal) {
        return (text, out) -> {
            out.clear();
            if (text.isEmpty()) {
                out.add(0, 0, false);
                return;
            }
            if (literal.isEmpty()) {
                out.add(0, text.length(), false);
                return;
            }
            int prev = 0;
            int at = text.indexOf(literal);
            while (at >= 0) {
                if (prev != at) {
                    out.add(prev, at, false);
                }
                out.add(at, at + literal.length(), true);
                prev = at + literal.length();
                at = text.indexOf(literal, prev);
            }
            if (prev != text.length()) {
                out.add(prev, text.length(), false);
            }
        };
    }

    /**
     * @param predicate which code points match; each matching code point is a match of its own
     * @return the pattern
     */
    static TextPattern codePoints(IntPredicate predicate) {
        return (text, out) -> {
            out.clear();
            int n = text.length();
            if (n == 0) {
                out.add(0, 0, false);
                return;
            }
            int prev = 0;
            int i = 0;
            while (i < n) {
                int cp = text.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (predicate.test(cp)) {
                    if (prev != i) {
                        out.add(prev, i, false);
                    }
                    out.add(i, next, true);
                    prev = next;
                }
                i = next;
            }
            if (prev != n) {
                out.add(prev, n, false);
            }
        };
    }
}
