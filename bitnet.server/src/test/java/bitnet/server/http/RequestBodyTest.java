package bitnet.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/** Reading a body: the size limit, a body that stops arriving or ends early, and what is JSON. */
class RequestBodyTest {

    private static ApiError error(Runnable r) {
        return assertThrows(ApiError.class, r::run);
    }

    private static ApiError parseError(byte[] body) {
        ApiError e = error(() -> RequestBody.parse(body));
        assertEquals(400, e.status(), e.getMessage());
        assertEquals(null, e.param());
        return e;
    }

    // A request whose body comes from a stream, with a declared length (-1: none).
    private static HttpServletRequest request(long declared, InputStream body) {
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return body.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return body.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(RequestBodyTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContentLengthLong" -> declared;
                    case "getInputStream" -> in;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    // A body of some bytes, then the given failure.
    private static InputStream failingAfter(byte[] first, IOException failure) {
        return new InputStream() {
            private final InputStream head = new ByteArrayInputStream(first);

            @Override
            public int read() throws IOException {
                int c = head.read();
                if (c < 0) {
                    throw failure;
                }
                return c;
            }
        };
    }

    @Test
    void aBodyPastTheLimitIs413WhetherDeclaredOrRead() {
        byte[] body = "{\"prompt\": \"abcdefgh\"}".getBytes(StandardCharsets.UTF_8);
        ApiError declared = error(() -> RequestBody.read(request(100, new ByteArrayInputStream(body)), 10, 60));
        assertEquals(413, declared.status());
        assertTrue(declared.closesConnection());
        ApiError read = error(() -> RequestBody.read(request(-1, new ByteArrayInputStream(body)), 10, 60));
        assertEquals(413, read.status());
        assertEquals("abcdefgh", RequestBody.read(request(-1, new ByteArrayInputStream(body)), body.length, 60)
                .get("prompt").asText());
    }

    @Test
    void aBodyThatStopsArrivingIs408AndOneThatEndsEarlyIs400() {
        byte[] half = "{\"prompt\": ".getBytes(StandardCharsets.UTF_8);
        // How Jetty reports each: an idle timeout wraps a TimeoutException; an early end is an EOFException.
        ApiError stopped = error(() -> RequestBody.read(request(50, failingAfter(half,
                new IOException(new TimeoutException("Idle timeout expired: 1000/1000 ms")))), 1000, 1));
        assertEquals(408, stopped.status());
        assertEquals("request_timeout", stopped.code());
        assertTrue(stopped.getMessage().contains("1 s"), stopped.getMessage());
        assertTrue(stopped.closesConnection());
        ApiError ended = error(() -> RequestBody.read(request(50, failingAfter(half, new EOFException("Early EOF"))),
                1000, 1));
        assertEquals(400, ended.status());
        assertEquals("incomplete_body", ended.code());
        assertTrue(ended.getMessage().contains("Early EOF"), ended.getMessage());
        assertTrue(ended.closesConnection());
    }

    @Test
    void onlyOneUtf8JsonObjectIsABody() {
        assertEquals("invalid_json", parseError(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0,
            (byte) 0x80, '"', '}'}).code());
        ApiError overlong = parseError(new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'});
        assertTrue(overlong.getMessage().contains("not valid UTF-8 at byte 2"), overlong.getMessage());
        assertEquals("invalid_json", parseError(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82})
                .code());
        // UTF-16 is JSON to a lenient parser, but not a body.
        assertEquals("invalid_json", parseError("{\"a\": 1}".getBytes(StandardCharsets.UTF_16LE)).code());
        assertEquals("invalid_json", parseError("{\"a\": 1} {\"b\": 2}".getBytes(StandardCharsets.UTF_8)).code());
        // The parser's limits report no location; the answer is still a 400.
        assertEquals("invalid_json", parseError(("{\"a\": " + "9".repeat(5000) + "}")
                .getBytes(StandardCharsets.UTF_8)).code());
        assertEquals("invalid_json", parseError(("{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}")
                .getBytes(StandardCharsets.UTF_8)).code());
        assertEquals(1, RequestBody.parse("\uFEFF{\"a\": 1}".getBytes(StandardCharsets.UTF_8)).get("a").asInt(),
                "a leading byte order mark is dropped");
        assertTrue(parseError(" \n ".getBytes(StandardCharsets.UTF_8)).getMessage().contains("nothing but whitespace"));
    }
}
