package bitnet.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request's JSON object: refuses a body past the size limit before reading more than the limit, turns a body
 * that stops arriving or ends early into an answer instead of a server error, and accepts only UTF-8 JSON.
 */
public final class RequestBody {
    private RequestBody() {
    }

    /**
     * @param request the request
     * @param limit the largest body accepted, in bytes
     * @param idleSeconds the listener's idle timeout, for the message when the body stops arriving
     * @return the body's JSON object
     * @throws ApiError 413 if the body is larger than the limit (by its Content-Length, or once limit + 1 bytes were
     *     read), 408 if it stopped arriving for the idle timeout, 400 if it ended before its declared end (or its
     *     chunks are malformed) or is not a JSON object
     */
    public static ObjectNode read(HttpServletRequest request, long limit, int idleSeconds) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw ApiError.tooLarge(limit);
        }
        byte[] bytes;
        try {
            bytes = readAtMost(request.getInputStream(), limit);
        } catch (IOException e) {
            throw hasCause(e, TimeoutException.class) ? ApiError.bodyTimeout(idleSeconds)
                    : ApiError.incompleteBody(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
        return parse(bytes);
    }

    /**
     * @param bytes a request body
     * @return its JSON object
     * @throws ApiError 400 if it is empty, not UTF-8, malformed, past the parser's limits (nesting depth, number
     *     length), or not an object
     */
    public static ObjectNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiError.badRequest("The request body is empty; send a JSON object.", null);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(utf8(bytes));
        } catch (JsonProcessingException e) {
            // The parser's limits (nesting, number length) report no location.
            JsonLocation at = e.getLocation();
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), null,
                    "invalid_json");
        } catch (IOException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getMessage(), null, "invalid_json");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiError.badRequest("The request body holds nothing but whitespace; send a JSON object.", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest("The request body must be a JSON object, not " + Fields.kind(node) + ".",
                    null);
        }
        return object;
    }

    // JSON is UTF-8 (RFC 8259). Given bytes, the parser guesses UTF-16 and UTF-32 too, and lets some invalid UTF-8
    // through into strings (a surrogate encoded as if it were a character), which would reach the tokenizer; a strict
    // decoder refuses them all, naming the byte. A leading byte order mark is allowed, and dropped.
    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError()) {
            throw ApiError.badRequest("The request body is not valid UTF-8 at byte " + in.position()
                    + "; send JSON encoded as UTF-8.", null, "invalid_json");
        }
        out.flip();
        if (out.hasRemaining() && out.get(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) > 0) {
            total += n;
            if (total > limit) {
                throw ApiError.tooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
