package bitnet.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes Server-Sent Events: {@code data: {...}} events, {@code data: [DONE]} at the end, and comment lines that keep
 * the connection alive and find out early that the client went away. Every event is flushed; a write to a client
 * that went away throws.
 */
public final class SseWriter {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    /**
     * Sends the headers: status 200, {@code text/event-stream}, no caching, no proxy buffering.
     *
     * @param response the response, not committed
     * @throws IOException if the client went away
     */
    public SseWriter(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        this.out = response.getOutputStream();
        response.flushBuffer();
    }

    /**
     * @param event one event's JSON
     * @throws IOException if the client went away
     */
    public void data(ObjectNode event) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(event);
        byte[] bytes = new byte[json.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 6);
        System.arraycopy(json, 0, bytes, 6, json.length);
        bytes[bytes.length - 2] = '\n';
        bytes[bytes.length - 1] = '\n';
        out.write(bytes);
        out.flush();
    }

    /** @throws IOException if the client went away */
    public void keepAlive() throws IOException {
        out.write(KEEP_ALIVE);
        out.flush();
    }

    /** @throws IOException if the client went away */
    public void done() throws IOException {
        out.write(DONE);
        out.flush();
    }
}
