package bitnet.precision;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionRuleException;
import bitnet.precision.Condition.Range;
import bitnet.precision.Rule.Kind;

/**
 * Parses the rule format of {@code docs/precision.md}:
 * <pre>
 *   override [condition ...] -> PRECISION          conditions: name, index, layer, component
 *   rule NAME [priority=N] [condition ...] -> PRECISION   any condition
 *   default [condition ...] -> PRECISION           conditions: layer, component
 * </pre>
 * Every failure is a {@link PrecisionRuleException} quoting the line.
 */
final class RuleParser {
    private static final Pattern TERM = Pattern.compile("([a-z]+)(>=|<=|=|>|<)(.*)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Set<String> OVERRIDE_KEYS = Set.of("name", "index", "layer", "component");
    private static final Set<String> DEFAULT_KEYS = Set.of("layer", "component");
    private static final Set<String> RULE_KEYS = Set.of("name", "index", "layer", "component", "priority", "memory",
            "elements", "bytes", "error");
    private static final Set<String> RANGE_KEYS = Set.of("memory", "elements", "bytes", "error");

    private RuleParser() {
    }

    /**
     * @param lines rule lines; blank lines and lines starting with {@code #} are skipped
     * @return the rules, in the given order
     * @throws PrecisionRuleException for the first bad line, or when two rules share a name
     */
    static List<Rule> parseAll(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String line : lines) {
            String trimmed = line == null ? "" : line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Rule r = parse(trimmed);
            if (r.kind() == Kind.RULE && !names.add(r.name())) {
                throw new PrecisionRuleException(trimmed, "another rule is already named '" + r.name() + "'");
            }
            rules.add(r);
        }
        return rules;
    }

    /**
     * @param line one rule
     * @return the parsed rule
     * @throws PrecisionRuleException if it does not parse
     */
    static Rule parse(String line) {
        String text = line.strip();
        int arrow = text.lastIndexOf("->");
        if (arrow < 0) {
            throw new PrecisionRuleException(text, "no '-> PRECISION' at the end");
        }
        Precision precision = precision(text, text.substring(arrow + 2).strip());
        String[] words = text.substring(0, arrow).strip().split("\\s+");
        Kind kind = kind(text, words[0]);
        int first = 1;
        String name = text;
        if (kind == Kind.RULE) {
            if (words.length < 2 || !NAME.matcher(words[1]).matches() || TERM.matcher(words[1]).matches()) {
                throw new PrecisionRuleException(text, "a rule needs a name after 'rule' (letters, digits, _ . : -)");
            }
            name = words[1];
            first = 2;
        }
        Builder b = new Builder(text, kind);
        for (int i = first; i < words.length; i++) {
            b.term(words[i]);
        }
        return new Rule(kind, name, b.priority, b.build(), precision, text);
    }

    private static Kind kind(String text, String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "override" -> Kind.OVERRIDE;
            case "rule" -> Kind.RULE;
            case "default" -> Kind.DEFAULT;
            default -> throw new PrecisionRuleException(text,
                    "starts with '" + word + "'; a line starts with override, rule or default");
        };
    }

    private static Precision precision(String text, String word) {
        try {
            return Precision.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PrecisionRuleException(text, "'" + word + "' is not a precision; use one of "
                    + List.of(Precision.values()));
        }
    }

    /** Collects the terms of one line. */
    private static final class Builder {
        private final String text;
        private final Kind kind;
        private final Set<String> seen = new HashSet<>();
        private Set<LayerType> layers = Set.of();
        private Set<ComponentType> components = Set.of();
        private Pattern name;
        private int minIndex = Integer.MIN_VALUE;
        private int maxIndex = Integer.MAX_VALUE;
        private int priority;
        private final Range[] ranges = {Range.ANY, Range.ANY, Range.ANY, Range.ANY};

        Builder(String text, Kind kind) {
            this.text = text;
            this.kind = kind;
        }

        void term(String word) {
            Matcher m = TERM.matcher(word);
            if (!m.matches()) {
                throw new PrecisionRuleException(text, "'" + word + "' is not a condition KEY=VALUE or KEY>=VALUE");
            }
            String key = m.group(1);
            String op = m.group(2);
            String value = m.group(3);
            Set<String> allowed = switch (kind) {
                case OVERRIDE -> OVERRIDE_KEYS;
                case DEFAULT -> DEFAULT_KEYS;
                case RULE -> RULE_KEYS;
            };
            if (!RULE_KEYS.contains(key)) {
                throw new PrecisionRuleException(text, "unknown condition '" + key + "'; known: " + RULE_KEYS);
            }
            if (!allowed.contains(key)) {
                throw new PrecisionRuleException(text, "'" + key + "' is not allowed in "
                        + kind.name().toLowerCase(Locale.ROOT) + " lines; allowed: " + allowed);
            }
            if (RANGE_KEYS.contains(key)) {
                if (op.equals("=")) {
                    throw new PrecisionRuleException(text, "'" + word + "': " + key + " takes >=, >, <= or <");
                }
                range(key, op, value);
                return;
            }
            if (!op.equals("=")) {
                throw new PrecisionRuleException(text, "'" + word + "': " + key + " takes '='");
            }
            if (!seen.add(key)) {
                throw new PrecisionRuleException(text, "'" + key + "' appears twice");
            }
            switch (key) {
                case "layer" -> layers = values(LayerType.class, value);
                case "component" -> components = values(ComponentType.class, value);
                case "name" -> name = glob(value);
                case "index" -> index(value);
                default -> priority = (int) integer(key, value);
            }
        }

        private void range(String key, String op, String value) {
            double v = switch (key) {
                case "bytes" -> bytes(value);
                case "elements" -> integer(key, value);
                default -> decimal(key, value);
            };
            if (key.equals("memory") && (v < 0 || v > 1)) {
                throw new PrecisionRuleException(text, "memory is a fraction of the pool's limit in [0, 1], got "
                        + value);
            }
            if (v < 0) {
                throw new PrecisionRuleException(text, key + " must not be negative, got " + value);
            }
            int slot = List.of("memory", "elements", "bytes", "error").indexOf(key);
            boolean inclusive = op.length() == 2;
            ranges[slot] = op.startsWith(">") ? ranges[slot].atLeast(v, inclusive) : ranges[slot].atMost(v, inclusive);
        }

        private <E extends Enum<E>> Set<E> values(Class<E> type, String value) {
            if (value.equals("*")) {
                return Set.of();
            }
            EnumSet<E> set = EnumSet.noneOf(type);
            for (String v : value.split("\\|")) {
                try {
                    set.add(Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new PrecisionRuleException(text, "'" + v + "' is not a " + type.getSimpleName() + "; use "
                            + List.of(type.getEnumConstants()) + " joined by '|', or *");
                }
            }
            return Set.copyOf(set);
        }

        private Pattern glob(String value) {
            if (value.isEmpty()) {
                throw new PrecisionRuleException(text, "name= needs a layer name or a pattern with *");
            }
            List<String> parts = new ArrayList<>();
            // A run of stars is one star: as regex, k stars in a row are k adjacent .* that a failing match tries
            // every split of (a hundred made resolving one layer hang).
            for (String part : value.replaceAll("\\*+", "*").split("\\*", -1)) {
                parts.add(Pattern.quote(part));
            }
            return Pattern.compile(String.join(".*", parts));
        }

        private void index(String value) {
            int dots = value.indexOf("..");
            try {
                if (dots < 0) {
                    minIndex = maxIndex = Integer.parseInt(value);
                } else {
                    minIndex = Integer.parseInt(value.substring(0, dots));
                    maxIndex = Integer.parseInt(value.substring(dots + 2));
                }
            } catch (NumberFormatException e) {
                throw new PrecisionRuleException(text, "index takes N or FROM..TO (integers), got '" + value + "'");
            }
            if (minIndex > maxIndex) {
                throw new PrecisionRuleException(text, "index range " + value + " is empty");
            }
        }

        private long integer(String key, String value) {
            try {
                return Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new PrecisionRuleException(text, key + " takes an integer, got '" + value + "'");
            }
        }

        private double decimal(String key, String value) {
            try {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new PrecisionRuleException(text, key + " takes a finite number, got '" + value + "'");
            }
        }

        private long bytes(String value) {
            String v = value.toUpperCase(Locale.ROOT);
            int shift = v.endsWith("K") ? 10 : v.endsWith("M") ? 20 : v.endsWith("G") ? 30 : v.endsWith("T") ? 40 : 0;
            long n = integer("bytes", shift == 0 ? v : v.substring(0, v.length() - 1));
            if (n > Long.MAX_VALUE >> shift) {
                throw new PrecisionRuleException(text, "bytes value " + value + " is too large");
            }
            return n << shift;
        }

        Condition build() {
            return new Condition(layers, components, name, minIndex, maxIndex, ranges[0], ranges[1], ranges[2],
                    ranges[3]);
        }
    }
}
