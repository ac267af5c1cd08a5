package bitnet.model.gguf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import bitnet.api.model.ModelFormatException;

/** Typed reads of GGUF metadata that name the file and key of whatever is missing or of the wrong type. */
final class GgufKeys {
    private final Path file;
    private final Map<String, Object> metadata;

    GgufKeys(Path file, Map<String, Object> metadata) {
        this.file = file;
        this.metadata = metadata;
    }

    boolean has(String key) {
        return metadata.containsKey(key);
    }

    /** @return the integer value of a required key, in {@code [1, Integer.MAX_VALUE]} */
    int positive(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            throw fail(key, "is missing");
        }
        return range(key, v, 1);
    }

    /** @return the integer value of an optional key, in {@code [0, Integer.MAX_VALUE]}, or null */
    Integer tokenId(String key) {
        Object v = metadata.get(key);
        return v == null ? null : range(key, v, 0);
    }

    private int range(String key, Object v, int min) {
        if (v instanceof List<?>) {
            throw fail(key, "is an array (per-layer values are not supported)");
        }
        if (!(v instanceof Long n) || n < min || n > Integer.MAX_VALUE) {
            throw fail(key, "must be an integer >= " + min + ", not " + show(v));
        }
        return (int) (long) n;
    }

    /** @return the numeric value of a required key */
    float number(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            throw fail(key, "is missing");
        }
        if (!(v instanceof Double) && !(v instanceof Long)) {
            throw fail(key, "must be a number, not " + show(v));
        }
        return ((Number) v).floatValue();
    }

    /** @return the string value of a key, or null if absent */
    String string(String key) {
        Object v = metadata.get(key);
        if (v != null && !(v instanceof String)) {
            throw fail(key, "must be a string, not " + show(v));
        }
        return (String) v;
    }

    /** @return the boolean value of a key, or {@code fallback} if absent */
    boolean bool(String key, boolean fallback) {
        Object v = metadata.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw fail(key, "must be a bool, not " + show(v));
        }
        return b;
    }

    /** @return the array value of a key, or null if absent */
    List<?> list(String key) {
        Object v = metadata.get(key);
        if (v != null && !(v instanceof List<?>)) {
            throw fail(key, "must be an array, not " + show(v));
        }
        return (List<?>) v;
    }

    private static String show(Object v) {
        String s = String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    ModelFormatException fail(String key, String detail) {
        return new ModelFormatException(file, "key " + key + " " + detail);
    }
}
