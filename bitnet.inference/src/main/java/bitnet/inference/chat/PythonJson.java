package bitnet.inference.chat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import bitnet.api.inference.InferenceException;

/**
 * Python's {@code json.dumps} for the values a chat template handles (maps, lists, strings, numbers, booleans, null):
 * the same separators ({@code ", "} and {@code ": "}, or {@code ","} before a newline when indenting), string escapes,
 * float spelling and key order, so that {@code tojson} renders as transformers' does.
 */
final class PythonJson {
    private final boolean ensureAscii;
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    /**
     * @param ensureAscii escape every non-ASCII character as {@code \\uXXXX}
     * @param indent null for one line, else the string repeated per level
     * @param separators null for Python's defaults, else {item, key} separators
     * @param sortKeys write map entries in key order
     */
    PythonJson(boolean ensureAscii, String indent, String[] separators, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = indent;
        this.itemSeparator = separators != null ? separators[0] : indent == null ? ", " : ",";
        this.keySeparator = separators != null ? separators[1] : ": ";
        this.sortKeys = sortKeys;
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    private void write(StringBuilder out, Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            out.append(pythonFloat(((Number) v).doubleValue()));
        } else if (v instanceof Number n) {
            out.append(n instanceof BigDecimal d ? d.toPlainString() : n.toString());
        } else if (v instanceof CharSequence s) {
            string(out, s.toString());
        } else if (v instanceof Map<?, ?> m) {
            map(out, m, depth);
        } else if (v instanceof Collection<?> c) {
            list(out, c, depth);
        } else if (v.getClass().isArray() && v instanceof Object[] a) {
            list(out, List.of(a), depth);
        } else {
            throw new InferenceException("tojson: a " + v.getClass().getSimpleName() + " is not JSON serializable");
        }
    }

    private void newline(StringBuilder out, int depth) {
        out.append('\n');
        out.append(indent.repeat(depth));
    }

    private void list(StringBuilder out, Collection<?> items, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(itemSeparator);
            }
            if (indent != null) {
                newline(out, depth + 1);
            }
            write(out, item, depth + 1);
            first = false;
        }
        if (indent != null) {
            newline(out, depth);
        }
        out.append(']');
    }

    private void map(StringBuilder out, Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NULL : e.getValue()));
        }
        if (sortKeys) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            if (!first) {
                out.append(itemSeparator);
            }
            if (indent != null) {
                newline(out, depth + 1);
            }
            string(out, e.getKey());
            out.append(keySeparator);
            write(out, e.getValue() == NULL ? null : e.getValue(), depth + 1);
            first = false;
        }
        if (indent != null) {
            newline(out, depth);
        }
        out.append('}');
    }

    private static final Object NULL = new Object();

    // Python turns str, int, float, bool and None keys into strings; anything else is a TypeError.
    private static String key(Object k) {
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof Double || k instanceof Float) {
            return pythonFloat(((Number) k).doubleValue());
        }
        if (k instanceof CharSequence || k instanceof Number) {
            return k.toString();
        }
        throw new InferenceException("tojson: keys must be str, int, float, bool or None, not "
                + k.getClass().getSimpleName());
    }

    private void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || ensureAscii && c > 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's float repr: shortest round-trip digits; exponent form below 1e-4 and from 1e16 on. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+), as Python's repr does.
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = exact.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
