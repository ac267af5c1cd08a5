package bitnet.server.http;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Strictly typed fields of a request object: a field of the wrong JSON type or out of range is a 400 naming it; an
 * absent field or {@code null} takes the default. Unknown fields are ignored, as OpenAI does.
 */
public final class Fields {
    private Fields() {
    }

    /**
     * @param body the request
     * @param name the field
     * @return whether the field is present and not null
     */
    public static boolean has(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        return n != null && !n.isNull();
    }

    /**
     * @param body the request
     * @param name the field
     * @param fallback the value when absent
     * @return the string
     * @throws ApiError 400 if it is not a string
     */
    public static String string(ObjectNode body, String name, String fallback) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw wrongType(name, "a string", n);
        }
        return n.textValue();
    }

    /**
     * @param body the request
     * @param name the field
     * @param fallback the value when absent
     * @return the boolean
     * @throws ApiError 400 if it is not a boolean
     */
    public static boolean bool(ObjectNode body, String name, boolean fallback) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw wrongType(name, "a boolean", n);
        }
        return n.booleanValue();
    }

    /**
     * @param body the request
     * @param name the field
     * @param fallback the value when absent
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the integer
     * @throws ApiError 400 if it is not an integer (a whole number such as 2.0 is one) or out of range
     */
    public static long integer(ObjectNode body, String name, long fallback, long min, long max) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !isWhole(n) || !n.canConvertToLong()) {
            throw wrongType(name, "an integer", n);
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw ApiError.badRequest("'" + name + "' must be " + range(min, max) + ", got " + v + ".", name,
                    "invalid_value");
        }
        return v;
    }

    /**
     * @param body the request
     * @param name the field
     * @param fallback the value when absent
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the number
     * @throws ApiError 400 if it is not a number or out of range
     */
    public static double number(ObjectNode body, String name, double fallback, double min, double max) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw wrongType(name, "a number", n);
        }
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) {
            throw ApiError.badRequest("'" + name + "' must be between " + min + " and " + max + ", got "
                    + n.asText() + ".", name, "invalid_value");
        }
        return v;
    }

    /**
     * @param body the request
     * @param name the field: a string or an array of strings
     * @param max most strings allowed
     * @return the strings, empty when absent
     * @throws ApiError 400 for another type, an empty string, or too many
     */
    public static List<String> strings(ObjectNode body, String name, int max) {
        JsonNode n = body.get(name);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.textValue());
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    throw wrongType(name, "a string or an array of strings", n);
                }
                out.add(e.textValue());
            }
        } else {
            throw wrongType(name, "a string or an array of strings", n);
        }
        if (out.size() > max) {
            throw ApiError.badRequest("'" + name + "' holds at most " + max + " strings, got " + out.size() + ".",
                    name, "invalid_value");
        }
        for (String s : out) {
            if (s.isEmpty()) {
                throw ApiError.badRequest("'" + name + "' must not hold an empty string.", name, "invalid_value");
            }
        }
        return out;
    }

    /**
     * @param name the field
     * @param expected what it must be, with its article ("an integer")
     * @param got what was sent
     * @return a 400 naming the field and both types
     */
    public static ApiError wrongType(String name, String expected, JsonNode got) {
        return ApiError.badRequest("'" + name + "' must be " + expected + ", not " + kind(got) + ".", name,
                "invalid_type");
    }

    /**
     * @param n a JSON value
     * @return its JSON type with an article, for messages
     */
    public static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static boolean isWhole(JsonNode n) {
        return n.isIntegralNumber() || n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue())
                && Double.isFinite(n.doubleValue());
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }
}
