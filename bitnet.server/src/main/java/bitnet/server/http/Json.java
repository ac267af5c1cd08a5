package bitnet.server.http;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletResponse;

/** JSON bodies: one shared mapper, OpenAI error objects, and responses. */
public final class Json {
    /** The server's mapper: thread-safe once configured. A request body is one JSON value and nothing after it. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** @return a new empty object */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * @param e an error
     * @return {@code {"error": {"message", "type", "param", "code"}}}
     */
    public static ObjectNode error(ApiError e) {
        ObjectNode root = object();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param());
        error.put("code", e.code());
        return root;
    }

    /**
     * Writes a JSON response.
     *
     * @param response the response, not committed
     * @param status the HTTP status
     * @param body the body
     * @throws IOException if the client went away
     */
    public static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /**
     * Writes an error response, with {@code Retry-After} when the error has a hint.
     *
     * @param response the response, not committed
     * @param e the error
     * @throws IOException if the client went away
     */
    public static void writeError(HttpServletResponse response, ApiError e) throws IOException {
        if (e.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        write(response, e.status(), error(e));
    }
}
