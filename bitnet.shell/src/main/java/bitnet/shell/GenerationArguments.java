package bitnet.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import bitnet.api.inference.GenerationOptions;

/**
 * The {@code name=value} options of {@code bitnet:generate} and {@code bitnet:chat}, checked: an unknown name or a
 * malformed value is an error naming it, never ignored. Unset options keep {@link GenerationOptions#defaults()}.
 */
final class GenerationArguments {
    /** Every option these commands take. */
    static final Set<String> NAMES = Set.of("max_tokens", "temperature", "top_k", "top_p", "min_p", "repeat_penalty",
            "repeat_last_n", "presence_penalty", "frequency_penalty", "seed", "stop", "chat", "system", "ids",
            "lm_head", "ignore_eos", "kv");

    private final Map<String, String> values;

    private GenerationArguments(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param args {@code name=value} arguments; {@code stop=} may repeat
     * @param allowed the names this command takes
     * @return the parsed arguments
     * @throws IllegalArgumentException for an argument without {@code =}, or an unknown or repeated name
     */
    static GenerationArguments parse(List<String> args, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> stops = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got '" + a + "' (quote a prompt with spaces)");
            }
            String name = a.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'; known: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
            String value = a.substring(eq + 1);
            if (name.equals("stop")) {
                stops.add(value);
            } else if (values.put(name, value) != null) {
                throw new IllegalArgumentException("option '" + name + "' given twice");
            }
        }
        if (!stops.isEmpty()) {
            values.put("stop", String.join("\u0000", stops));
        }
        return new GenerationArguments(values);
    }

    /**
     * @param base the options to start from
     * @return them with every option given here applied
     * @throws IllegalArgumentException naming a malformed value
     * @throws bitnet.api.inference.InferenceException naming a value out of range
     */
    GenerationOptions options(GenerationOptions base) {
        GenerationOptions o = base;
        if (has("max_tokens")) {
            o = o.withMaxTokens(integer("max_tokens"));
        }
        if (has("temperature")) {
            o = o.withTemperature(number("temperature"));
        }
        if (has("top_k")) {
            o = o.withTopK(integer("top_k"));
        }
        if (has("top_p")) {
            o = o.withTopP(number("top_p"));
        }
        if (has("min_p")) {
            o = o.withMinP(number("min_p"));
        }
        if (has("repeat_penalty") || has("repeat_last_n")) {
            o = o.withRepeatPenalty(has("repeat_penalty") ? number("repeat_penalty") : o.repeatPenalty(),
                    has("repeat_last_n") ? integer("repeat_last_n") : o.repeatLastN());
        }
        if (has("presence_penalty") || has("frequency_penalty")) {
            o = o.withPenalties(has("presence_penalty") ? number("presence_penalty") : o.presencePenalty(),
                    has("frequency_penalty") ? number("frequency_penalty") : o.frequencyPenalty());
        }
        if (has("seed")) {
            try {
                o = o.withSeed(Long.parseLong(values.get("seed").strip()));
            } catch (NumberFormatException e) {
                throw bad("seed", "a whole number");
            }
        }
        if (has("stop")) {
            o = o.withStop(List.of(values.get("stop").split("\u0000")));
        }
        if (bool("ignore_eos")) {
            o = o.withIgnoreStopTokens(true);
        }
        return o;
    }

    /**
     * @param planned the precision when {@code kv=} is not given, or null for the plan's
     * @return the KV cache precision {@code kv=f32|f16} asks for, else {@code planned}
     */
    bitnet.api.precision.Precision kv(bitnet.api.precision.Precision planned) {
        if (!has("kv")) {
            return planned;
        }
        return switch (values.get("kv").strip().toLowerCase(Locale.ROOT)) {
            case "f32" -> bitnet.api.precision.Precision.F32;
            case "f16" -> bitnet.api.precision.Precision.F16;
            default -> throw bad("kv", "f32 or f16");
        };
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String text(String name) {
        return values.get(name);
    }

    boolean bool(String name) {
        String v = values.get(name);
        if (v == null) {
            return false;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(name, "true or false");
        };
    }

    int integer(String name) {
        try {
            return Integer.parseInt(values.get(name).strip());
        } catch (NumberFormatException e) {
            throw bad(name, "a whole number");
        }
    }

    float number(String name) {
        try {
            return Float.parseFloat(values.get(name).strip());
        } catch (NumberFormatException e) {
            throw bad(name, "a number");
        }
    }

    /**
     * @param name an option holding comma-separated token ids
     * @return the ids
     */
    int[] ids(String name) {
        return parseIds(values.get(name), name);
    }

    /**
     * @param text comma- (or space-) separated token ids
     * @param what what they are, for the message
     * @return the ids
     * @throws IllegalArgumentException naming the first one that is not a whole number
     */
    static int[] parseIds(String text, String what) {
        String[] parts = text.strip().isEmpty() ? new String[0] : text.strip().split("[,\\s]+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": '" + parts[i] + "' is not a token id");
            }
        }
        return ids;
    }

    private IllegalArgumentException bad(String name, String expected) {
        return new IllegalArgumentException(name + " must be " + expected + ", got '" + values.get(name) + "'");
    }
}
