package bitnet.numpy;

import java.util.ArrayList;
import java.util.List;

import bitnet.api.io.NpyFormatException;

/**
 * The three entries of an {@code .npy} header, parsed strictly from NumPy's Python dict literal, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. Only what {@code numpy.save} can write is
 * accepted: string keys, a string descr, a boolean, a tuple of non-negative integers (a Python 2 {@code L}
 * suffix is tolerated), optional trailing commas and whitespace. Anything else is an error naming the position.
 *
 * @param descr the dtype string
 * @param fortranOrder the fortran_order flag
 * @param shape the shape
 */
record HeaderDict(String descr, boolean fortranOrder, long[] shape) {

    /**
     * @param text the header text, after the length field
     * @param name the file name, for messages
     * @return the parsed header
     * @throws NpyFormatException if the text is not exactly such a dict
     */
    static HeaderDict parse(String text, String name) {
        return new Parser(text, name).dict();
    }

    private static final class Parser {
        private final String text;
        private final String name;
        private int pos;

        Parser(String text, String name) {
            this.text = text;
            this.name = name;
        }

        HeaderDict dict() {
            skipSpace();
            expect('{', "the header to start a dict");
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            skipSpace();
            while (peek() != '}') {
                int keyAt = pos;
                String key = string("a quoted key");
                skipSpace();
                expect(':', "':' after key '" + key + "'");
                skipSpace();
                switch (key) {
                    case "descr" -> {
                        if (descr != null) {
                            throw error(keyAt, "key 'descr' appears twice");
                        }
                        if (peek() == '[') {
                            throw error(pos, "structured (record) dtypes are not supported; save each field as "
                                    + "its own array");
                        }
                        descr = string("a quoted dtype string for 'descr'");
                    }
                    case "fortran_order" -> {
                        if (fortran != null) {
                            throw error(keyAt, "key 'fortran_order' appears twice");
                        }
                        fortran = bool();
                    }
                    case "shape" -> {
                        if (shape != null) {
                            throw error(keyAt, "key 'shape' appears twice");
                        }
                        shape = tuple();
                    }
                    default -> throw error(keyAt, "unexpected key '" + key
                            + "'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error(pos, "expected ',' or '}' after the value of '" + key + "', found " + found());
                }
            }
            pos++;
            skipSpace();
            if (pos < text.length()) {
                throw error(pos, "unexpected text after the header dict: " + found());
            }
            if (descr == null || fortran == null || shape == null) {
                List<String> missing = new ArrayList<>();
                if (descr == null) {
                    missing.add("'descr'");
                }
                if (fortran == null) {
                    missing.add("'fortran_order'");
                }
                if (shape == null) {
                    missing.add("'shape'");
                }
                throw new NpyFormatException(name + ": header lacks " + String.join(", ", missing) + ": "
                        + snippet());
            }
            return new HeaderDict(descr, fortran, shape);
        }

        private String string(String what) {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error(pos, "expected " + what + ", found " + found());
            }
            int start = ++pos;
            while (pos < text.length() && text.charAt(pos) != quote && text.charAt(pos) != '\n') {
                if (text.charAt(pos) == '\\') {
                    throw error(pos, "escapes are not allowed in header strings");
                }
                pos++;
            }
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error(start - 1, "string is not closed");
            }
            return text.substring(start, pos++);
        }

        private boolean bool() {
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error(pos, "expected True or False for 'fortran_order', found " + found());
        }

        private long[] tuple() {
            expect('(', "a tuple of integers for 'shape'");
            List<Long> dims = new ArrayList<>();
            boolean comma = true;
            skipSpace();
            while (peek() != ')') {
                if (!comma) {
                    throw error(pos, "expected ',' or ')' in 'shape', found " + found());
                }
                dims.add(integer());
                skipSpace();
                comma = peek() == ',';
                if (comma) {
                    pos++;
                    skipSpace();
                }
            }
            pos++;
            if (dims.size() == 1 && !comma) {
                // (5) is an int in Python, not a tuple; numpy.save never writes it.
                throw error(pos - 1, "a one-element shape needs a trailing comma, as in (5,)");
            }
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i);
            }
            return shape;
        }

        private long integer() {
            int start = pos;
            if (peek() == '-') {
                throw error(pos, "negative extent in 'shape'");
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw error(pos, "expected an integer in 'shape', found " + found());
            }
            long value;
            try {
                value = Long.parseLong(text, start, pos, 10);
            } catch (NumberFormatException e) {
                throw error(start, "extent " + text.substring(start, pos) + " in 'shape' is too large");
            }
            if (peek() == 'L') {
                pos++;
            }
            return value;
        }

        private void expect(char c, String what) {
            if (peek() != c) {
                throw error(pos, "expected " + what + ", found " + found());
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private String found() {
            return pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end of the header";
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private String snippet() {
            String t = text.strip();
            return t.length() > 120 ? t.substring(0, 120) + "..." : t;
        }

        private NpyFormatException error(int at, String message) {
            return new NpyFormatException(name + ": header character " + at + ": " + message + " in " + snippet());
        }
    }
}
