package bitnet.inference.chat;

import bitnet.api.inference.InferenceException;

/**
 * Applies Jinja2's whitespace rules to a template's source, as transformers configures them, so that Jinjava can
 * render the result with its own whitespace handling off. Jinjava's {@code lstrip_blocks} also strips spaces before a
 * tag in the middle of a line ({@code "a {% if x %}"} loses its space) and it does not know {@code {%+}; doing the work
 * here gives Jinja2's output exactly:
 *
 * <ul>
 * <li>line ends become {@code \n}; one trailing newline is dropped ({@code keep_trailing_newline=False});
 * <li>{@code {%-}, {@code {{-}, {@code {#-} strip all whitespace before the tag; {@code -%}}, {@code -}}},
 *     {@code -#}} all whitespace after it;
 * <li>lstrip_blocks: spaces and tabs between a line's start and a block or comment tag go, unless the tag opens with
 *     {@code +};
 * <li>trim_blocks: the first newline after a block or comment tag goes, unless it closes with {@code +%}};
 * <li>comments are removed; {@code {% raw %}} content is copied as it is.
 * </ul>
 *
 * It also rejects what Jinjava would silently render differently: loop filters, {@code {% for x in xs if c %}}.
 */
final class Jinja2Whitespace {
    private final String src;
    private final StringBuilder out;
    private int pos;
    // Whether the last token consumed ended a line (Jinja2's line_starting), for lstrip at the very start of a line.
    private boolean lineStarting = true;

    private Jinja2Whitespace(String src) {
        this.src = src;
        this.out = new StringBuilder(src.length());
    }

    /**
     * @param template a Jinja2 template
     * @return the same template with whitespace control applied and removed, comments removed
     * @throws InferenceException if a tag is not closed or a for loop has a filter
     */
    static String apply(String template) {
        String s = template.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        Jinja2Whitespace w = new Jinja2Whitespace(s);
        w.run();
        return w.out.toString();
    }

    private void run() {
        int textStart = pos;
        while (pos < src.length()) {
            int open = src.indexOf('{', pos);
            if (open < 0 || open + 1 >= src.length()) {
                break;
            }
            char kind = src.charAt(open + 1);
            if (kind != '%' && kind != '{' && kind != '#') {
                pos = open + 1;
                continue;
            }
            char sign = open + 2 < src.length() ? src.charAt(open + 2) : 0;
            boolean hasSign = sign == '-' || sign == '+';
            emitText(src.substring(textStart, open), kind, hasSign ? sign : 0);
            int bodyStart = open + 2 + (hasSign ? 1 : 0);
            if (kind == '#') {
                int end = src.indexOf("#}", bodyStart);
                if (end < 0) {
                    throw new InferenceException("chat template: comment opened at offset " + open + " is not closed");
                }
                pos = end + 2;
                afterTag(src.charAt(end - 1), true);
            } else {
                int end = tagEnd(bodyStart, kind == '%' ? '%' : '}', open);
                char closeSign = src.charAt(end - 1);
                int bodyEnd = closeSign == '-' || closeSign == '+' ? end - 1 : end;
                String body = separateBraces(src.substring(bodyStart, bodyEnd));
                out.append('{').append(kind).append(body).append(kind == '%' ? "%}" : "}}");
                pos = end + 2;
                if (kind == '%' && body.strip().equals("raw")) {
                    // Jinja2's raw opening tag takes no trim_blocks newline.
                    afterTag(closeSign, false);
                    copyRaw(open);
                } else if (kind == '%') {
                    checkFor(body, open);
                    afterTag(closeSign, true);
                } else {
                    afterTag(closeSign, false);
                }
            }
            textStart = pos;
        }
        emitText(src.substring(textStart), (char) 0, (char) 0);
    }

    /** Appends text that precedes a tag of {@code kind} opened with {@code sign}, stripped as the tag asks. */
    private void emitText(String text, char kind, char sign) {
        if (sign == '-') {
            text = rstrip(text);
        } else if (sign != '+' && (kind == '%' || kind == '#')) {
            int lineStart = text.lastIndexOf('\n') + 1;
            if ((lineStart > 0 || lineStarting) && lineStart < text.length()
                    && isBlank(text, lineStart)) {
                text = text.substring(0, lineStart);
            }
        }
        out.append(text);
        if (!text.isEmpty()) {
            lineStarting = false;
        }
    }

    private static boolean isBlank(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!PythonFilters.isPythonSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && PythonFilters.isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** After a tag closed with {@code sign}: {@code -} eats all following whitespace, trim_blocks one newline. */
    private void afterTag(char sign, boolean block) {
        lineStarting = false;
        if (sign == '-') {
            int start = pos;
            while (pos < src.length() && PythonFilters.isPythonSpace(src.charAt(pos))) {
                pos++;
            }
            lineStarting = pos > start && src.charAt(pos - 1) == '\n';
        } else if (block && sign != '+' && pos < src.length() && src.charAt(pos) == '\n') {
            pos++;
            lineStarting = true;
        }
    }

    /** @return the index of the closing {@code %}} or {@code }}}, outside strings and brackets */
    private int tagEnd(int from, char closer, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i + 1 < src.length(); i++) {
            char c = src.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (depth == 0 && c == closer && src.charAt(i + 1) == '}') {
                return i;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        throw new InferenceException("chat template: tag opened at offset " + open + " ('"
                + src.substring(open, Math.min(src.length(), open + 30)) + "...') is not closed");
    }

    // Jinjava ends an expression at the first "}}" even when it closes nested dict literals: "{'a': {'b': 1}}".
    private static String separateBraces(String body) {
        if (!body.contains("}}")) {
            return body;
        }
        StringBuilder b = new StringBuilder(body.length() + 4);
        char quote = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            b.append(c);
            if (quote != 0) {
                if (c == '\\' && i + 1 < body.length()) {
                    b.append(body.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}' && i + 1 < body.length() && body.charAt(i + 1) == '}') {
                b.append(' ');
            }
        }
        return b.toString();
    }

    /** Copies a raw block's content untouched up to its endraw tag, which then follows the usual rules. */
    private void copyRaw(int open) {
        int i = pos;
        while (true) {
            int tag = src.indexOf("{%", i);
            if (tag < 0) {
                throw new InferenceException("chat template: raw block opened at offset " + open + " has no endraw");
            }
            int j = tag + 2;
            char sign = j < src.length() ? src.charAt(j) : 0;
            if (sign == '-' || sign == '+') {
                j++;
            }
            int close = src.indexOf("%}", j);
            if (close >= 0 && src.substring(j, close).replace("-", "").replace("+", "").strip().equals("endraw")) {
                String content = src.substring(pos, tag);
                emitText(content, '%', sign == '-' || sign == '+' ? sign : 0);
                char closeSign = src.charAt(close - 1);
                out.append("{% endraw %}");
                pos = close + 2;
                afterTag(closeSign, true);
                return;
            }
            i = tag + 2;
        }
    }

    // Jinja2 reads `for x in xs if c` as a loop filter; Jinjava as `xs if c` (an else-less conditional) and renders
    // something else without complaint.
    private static void checkFor(String body, int open) {
        String b = body.strip();
        if (!b.startsWith("for ") && !b.startsWith("for\t")) {
            return;
        }
        int depth = 0;
        char quote = 0;
        boolean afterIn = false;
        for (int i = 3; i < b.length(); i++) {
            char c = b.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && word(b, i, "in")) {
                afterIn = true;
            } else if (depth == 0 && afterIn && word(b, i, "if")) {
                throw new InferenceException("chat template: loop filters ('" + b + "' at offset " + open
                        + ") are not supported; put an {% if %} inside the loop");
            }
        }
    }

    private static boolean word(String s, int i, String w) {
        return s.startsWith(w, i) && (i == 0 || !Character.isJavaIdentifierPart(s.charAt(i - 1)))
                && (i + w.length() == s.length() || !Character.isJavaIdentifierPart(s.charAt(i + w.length())));
    }
}
