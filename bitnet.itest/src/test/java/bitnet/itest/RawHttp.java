package bitnet.itest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * HTTP/1.1 over plain sockets, for clients that misbehave in ways java.net.http will not: every request on a
 * connection of its own ({@code Connection: close}, so that no pooled connection meets the server's short idle
 * timeout), heads and bodies written as raw bytes, answers read as they come.
 */
final class RawHttp {
    /** How long a read may block before the test gives up on the server. */
    static final int READ_TIMEOUT_MILLIS = 30_000;

    final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** An answer: status, headers (names in lower case), the body with any chunked framing removed. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return ServerHttp.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text(), e);
            }
        }

        /** @return the body's OpenAI error object, checked to have its four fields and a message */
        JsonNode error() {
            return new ServerHttp.Answer(status, Map.of(), text()).error();
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + headers + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t);
        }
    }

    /** @return a connected socket whose reads give up after {@link #READ_TIMEOUT_MILLIS} */
    Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        return s;
    }

    /**
     * @param method the method
     * @param path the path
     * @param headers more header lines, without line ends
     * @return the request's head, {@code Host} and {@code Connection: close} included, ending with the empty line
     */
    static byte[] head(String method, String path, String... headers) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the head of a JSON POST with its Content-Length */
    static byte[] postHead(String path, int length) {
        return head("POST", path, "Content-Type: application/json", "Content-Length: " + length);
    }

    Response post(String path, String json) throws IOException {
        return post(path, json.getBytes(StandardCharsets.UTF_8));
    }

    Response post(String path, byte[] body) throws IOException {
        return send(concat(postHead(path, body.length), body));
    }

    Response get(String path) throws IOException {
        return send(head("GET", path));
    }

    /** Writes raw bytes on a new connection and reads one answer. */
    Response send(byte[] raw) throws IOException {
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            out.write(raw);
            out.flush();
            return read(s.getInputStream());
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Reads one answer: the status line, the headers, and the body by its framing (chunked, Content-Length, or up to
     * the end of the connection).
     *
     * @throws EOFException if the connection ends before a status line
     */
    static Response read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new EOFException("the server closed the connection without an answer");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.merge(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip(),
                    (x, y) -> x + ", " + y);
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(Integer.parseInt(parts[1]), headers, body);
    }

    /**
     * @return how many bytes the connection still delivers before the server ends it, in order or by a reset
     * @throws AssertionError if the server keeps it open past {@link #READ_TIMEOUT_MILLIS}
     */
    static int drain(InputStream in) {
        int total = 0;
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException reset) {
            // an abortive close ends the connection as well as an orderly one
        }
        return total;
    }

    /**
     * @return the next answer, or null if the server ends the connection instead (in order or by a reset)
     * @throws AssertionError if the server neither answers nor closes within {@link #READ_TIMEOUT_MILLIS}
     */
    static Response readOrNull(InputStream in) {
        try {
            return read(in);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed for " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                return out.toByteArray();
            }
            int n = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (n == 0) {
                line(in);
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            line(in);
        }
    }

    // One line without its CRLF, or null at the end of the connection.
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = sb.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            sb.write(c);
        }
        return sb.size() == 0 ? null : sb.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * @param name a sample's name with its labels as the text format writes them
     * @return its value now, 0 when absent
     */
    double metric(String name) throws IOException {
        for (String line : get("/metrics").text().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).strip());
            }
        }
        return 0;
    }

    /** Waits (bounded) until a metric reaches a value. */
    void awaitMetric(String name, double value) {
        double[] last = {Double.NaN};
        await(() -> (last[0] = metric(name)) == value, () -> name + " = " + value + "; last " + last[0]);
    }

    /** A condition read from the server's answers. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws IOException;
    }

    /**
     * Waits (bounded: 30 s) until a condition holds, asking every 10 ms: each question is a connection of its own, so
     * the server is asked far less often than {@link Platform#await} would. A failed question counts as not yet.
     *
     * @throws AssertionError naming what was awaited when 30 s pass
     */
    static void await(Condition condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException e) {
                // the listener may be restarting: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s waiting for " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
