package bitnet.model.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.model.ModelFormatException;

/**
 * JSON documents of a checkpoint (config.json, safetensors headers, tokenizer files) read with Jackson, duplicate
 * keys rejected, and typed reads that name the file and key of whatever is missing or wrong.
 */
public final class JsonFiles {
    /** Shared, thread-safe once built. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonFiles() {
    }

    /**
     * @param file a JSON file holding an object
     * @return the object
     * @throws ModelFormatException if the file is missing, unreadable, not JSON or not an object
     */
    public static ObjectNode readObject(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "no such file: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e, e);
        }
        return parseObject(file, bytes, "the file");
    }

    /**
     * @param file the file the bytes come from, for messages
     * @param bytes UTF-8 JSON
     * @param what what the bytes are, e.g. {@code "the header"}
     * @return the object
     * @throws ModelFormatException if the bytes are not JSON or not an object
     */
    public static ObjectNode parseObject(Path file, byte[] bytes, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new ModelFormatException(file, what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read " + what + ": " + e, e);
        }
        if (node == null || !node.isObject()) {
            throw new ModelFormatException(file, what + " must be a JSON object, not "
                    + (node == null ? "empty" : node.getNodeType().toString().toLowerCase()));
        }
        return (ObjectNode) node;
    }

    /** @return true if {@code key} is absent or JSON null */
    public static boolean absent(JsonNode object, String key) {
        JsonNode v = object.get(key);
        return v == null || v.isNull();
    }

    /**
     * @return the value of {@code key}, an integer in {@code [min, Integer.MAX_VALUE]}
     * @throws ModelFormatException if it is absent or not such an integer
     */
    public static int integer(Path file, JsonNode object, String key, int min) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            throw new ModelFormatException(file, "key \"" + key + "\" is missing");
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > Integer.MAX_VALUE) {
            throw new ModelFormatException(file, "key \"" + key + "\" must be an integer >= " + min + ", not " + v);
        }
        return v.asInt();
    }

    /**
     * @return the value of {@code key} as a float
     * @throws ModelFormatException if it is absent or not a number
     */
    public static float number(Path file, JsonNode object, String key) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            throw new ModelFormatException(file, "key \"" + key + "\" is missing");
        }
        if (!v.isNumber()) {
            throw new ModelFormatException(file, "key \"" + key + "\" must be a number, not " + v);
        }
        return (float) v.asDouble();
    }

    /**
     * @return the string value of {@code key}, or null if absent
     * @throws ModelFormatException if it is present and not a string
     */
    public static String text(Path file, JsonNode object, String key) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ModelFormatException(file, "key \"" + key + "\" must be a string, not " + v);
        }
        return v.asText();
    }

    /**
     * @return whether {@code key} is true; {@code fallback} if absent
     * @throws ModelFormatException if it is present and not a boolean
     */
    public static boolean bool(Path file, JsonNode object, String key, boolean fallback) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ModelFormatException(file, "key \"" + key + "\" must be true or false, not " + v);
        }
        return v.asBoolean();
    }
}
