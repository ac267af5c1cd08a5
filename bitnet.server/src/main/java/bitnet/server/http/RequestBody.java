package bitnet.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

/** Reads a request's JSON object, refusing a body past the size limit before reading more than the limit. */
public final class RequestBody {
    private RequestBody() {
    }

    /**
     * @param request the request
     * @param limit the largest body accepted, in bytes
     * @return the body's JSON object
     * @throws ApiError 413 if the body is larger than the limit (by its Content-Length, or once limit + 1 bytes were
     *     read), 400 if it is not a JSON object
     * @throws IOException if the client went away
     */
    public static ObjectNode read(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw ApiError.tooLarge(limit);
        }
        byte[] bytes = readAtMost(request.getInputStream(), limit);
        return parse(bytes);
    }

    /**
     * @param bytes a request body
     * @return its JSON object
     * @throws ApiError 400 if it is empty, malformed, or not an object
     */
    static ObjectNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiError.badRequest("The request body is empty; send a JSON object.", null);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")",
                    null, "invalid_json");
        } catch (IOException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getMessage(), null, "invalid_json");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest("The request body must be a JSON object, not " + Fields.kind(node) + ".",
                    null);
        }
        return object;
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
