package bitnet.tokenizer.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.tokenizer.TokenizerException;

/** Small typed accessors over Jackson trees that fail with the path of what is missing. */
final class Json {
    private Json() {
    }

    static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    static String type(JsonNode n, String where) {
        JsonNode t = n.get("type");
        if (isNull(t) || !t.isTextual()) {
            throw new TokenizerException(where + " has no \"type\" field: " + abbreviate(n));
        }
        return t.asText();
    }

    static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (isNull(v) || !v.isTextual()) {
            throw new TokenizerException(where + ": field \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    static String textOr(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return isNull(v) ? dflt : v.asText();
    }

    static boolean boolOr(JsonNode n, String field, boolean dflt) {
        JsonNode v = n.get(field);
        return isNull(v) ? dflt : v.asBoolean();
    }

    static int intOr(JsonNode n, String field, int dflt) {
        JsonNode v = n.get(field);
        return isNull(v) ? dflt : v.asInt();
    }

    static List<JsonNode> array(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (isNull(v) || !v.isArray()) {
            throw new TokenizerException(where + ": field \"" + field + "\" must be an array");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
