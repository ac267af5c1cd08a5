package bitnet.inference.chat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import bitnet.api.inference.InferenceException;

/**
 * Filters whose Jinjava versions differ from what chat templates get in Python: {@code trim} (Python strips Unicode
 * whitespace, Java's trim strips control characters), {@code capitalize} (title-case the first character, lower-case
 * the rest, independent of the default locale) and {@code tojson} (transformers' {@code json.dumps(ensure_ascii=False)}
 * with its spacing, not Jackson's compact form).
 */
final class PythonFilters {
    private PythonFilters() {
    }

    /** @return the three filters, to register over Jinjava's own */
    static List<Filter> all() {
        return List.of(new Trim(), new Capitalize(), new ToJson());
    }

    /** Python's {@code str.isspace()}. */
    static boolean isPythonSpace(int c) {
        return c >= 0x09 && c <= 0x0d || c >= 0x1c && c <= 0x20 || c == 0x85 || c == 0xa0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200a || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }

    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String text(Object var) {
        return var == null ? "" : var.toString();
    }

    private static final class Trim implements Filter {
        @Override
        public String getName() {
            return "trim";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (args.length > 0) {
                // trim(chars): strip those characters instead of whitespace
                String chars = args[0];
                String s = text(var);
                int start = 0;
                int end = s.length();
                while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
                    start++;
                }
                while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
                    end--;
                }
                return s.substring(start, end);
            }
            return strip(text(var));
        }
    }

    private static final class Capitalize implements Filter {
        @Override
        public String getName() {
            return "capitalize";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            String s = text(var);
            if (s.isEmpty()) {
                return s;
            }
            int first = s.codePointAt(0);
            int n = Character.charCount(first);
            return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                    .append(s.substring(n).toLowerCase(Locale.ROOT)).toString();
        }
    }

    /** transformers' {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    private static final class ToJson implements Filter {
        private static final List<String> PARAMETERS = List.of("ensure_ascii", "indent", "separators", "sort_keys");

        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, (Object[]) args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object[] values = new Object[PARAMETERS.size()];
            if (args.length > values.length) {
                throw new InferenceException("tojson takes at most " + values.length + " arguments");
            }
            System.arraycopy(args, 0, values, 0, args.length);
            for (Map.Entry<String, Object> e : kwargs.entrySet()) {
                int i = PARAMETERS.indexOf(e.getKey());
                if (i < 0) {
                    throw new InferenceException("tojson has no argument '" + e.getKey() + "'");
                }
                values[i] = e.getValue();
            }
            String indent = null;
            if (values[1] instanceof Number n) {
                indent = " ".repeat(n.intValue());
            } else if (values[1] != null) {
                indent = values[1].toString();
            }
            String[] separators = null;
            if (values[2] instanceof List<?> l && l.size() == 2) {
                separators = new String[] {text(l.get(0)), text(l.get(1))};
            } else if (values[2] != null) {
                throw new InferenceException("tojson: separators must be a pair of strings");
            }
            return new PythonJson(truthy(values[0]), indent, separators, truthy(values[3])).dumps(var);
        }

        private static boolean truthy(Object v) {
            return v instanceof Boolean b ? b : v != null && !"false".equalsIgnoreCase(v.toString());
        }
    }
}
