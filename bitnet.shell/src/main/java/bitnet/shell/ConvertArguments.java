package bitnet.shell;

import java.util.Locale;

import bitnet.api.convert.ConversionMode;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionPreset;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;

/** Parses {@code bitnet:convert}'s arguments; bad values fail with the accepted choices. */
final class ConvertArguments {
    /** Error statistics need the input as floats; above this many elements they are skipped. */
    static final long MAX_ERROR_ELEMENTS = 1L << 26;

    private ConvertArguments() {
    }

    static DType dtype(String name) {
        try {
            return DType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dtype '" + name + "'; use one of F32, F64, F16, BF16, I8, "
                    + "I32, TERNARY, I4");
        }
    }

    static ConversionOptions options(String... params) {
        ConversionOptions o = ConversionOptions.of(ConversionStrategy.DIRECT);
        for (String p : params) {
            if (p.toLowerCase(Locale.ROOT).startsWith("preset=")) {
                o = ConversionPreset.valueOf(choice(p.substring(7), ConversionPreset.class)).options();
            }
        }
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got '" + p + "'");
            }
            String key = p.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1);
            o = switch (key) {
                case "strategy" -> new ConversionOptions(ConversionStrategy.valueOf(
                        choice(value.equalsIgnoreCase("qa") ? "quantization-aware" : value, ConversionStrategy.class)),
                        o.mode(), o.chunkElements(), o.seed());
                case "mode" -> o.withMode(ConversionMode.valueOf(choice(value, ConversionMode.class)));
                case "chunk" -> o.withChunk(number(key, value));
                case "seed" -> o.withSeed(number(key, value));
                case "preset" -> o;
                default -> throw new IllegalArgumentException("unknown option '" + key
                        + "'; use strategy, mode, chunk, seed or preset");
            };
        }
        return o;
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
        }
    }

    private static <E extends Enum<E>> String choice(String value, Class<E> type) {
        String name = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return name;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'; use one of " + sb);
    }
}
