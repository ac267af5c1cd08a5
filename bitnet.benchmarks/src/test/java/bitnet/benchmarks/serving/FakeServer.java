package bitnet.benchmarks.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the server (JDK HttpServer): every chat completion streams "s" + its seed in two pieces with usage
 * of 2 tokens, except the calls told to answer wrong or fail; {@code /metrics} shows an idle server whose pool bytes
 * in use grow by {@code leakPerCall} with every call from {@code leakFrom} on.
 */
final class FakeServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong inUse = new AtomicLong(4096);
    private final Set<Integer> wrongCalls;
    private final Set<Integer> failingCalls;
    private final int leakFrom;

    /**
     * @param wrongCalls calls (counted from 0 over all chat completions) that answer another text
     * @param failingCalls calls that answer 500
     * @param leakFrom the first call after which 1000 pool bytes stay in use, or -1 for none
     */
    FakeServer(Set<Integer> wrongCalls, Set<Integer> failingCalls, int leakFrom) throws IOException {
        this.wrongCalls = wrongCalls;
        this.failingCalls = failingCalls;
        this.leakFrom = leakFrom;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        http.setExecutor(executor);
        http.createContext("/v1/models", x -> send(x, 200, "application/json",
                "{\"object\":\"list\",\"data\":[{\"id\":\"fake\",\"object\":\"model\",\"max_model_len\":128}]}"));
        http.createContext("/v1/chat/completions", this::chat);
        http.createContext("/metrics", x -> send(x, 200, "text/plain", """
                bitnet_active_sessions 0.0
                bitnet_queue_depth 0.0
                bitnet_kv_cache_bytes 0.0
                bitnet_pool_bytes{kind="in_use"} %d.0
                bitnet_generated_tokens_total %d.0
                bitnet_prompt_tokens_reused_total 0.0
                """.formatted(inUse.get(), generated.get())));
        http.start();
    }

    /** @return the base URL */
    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private void chat(HttpExchange x) throws IOException {
        JsonNode body = JSON.readTree(x.getRequestBody());
        int call = calls.getAndIncrement();
        if (leakFrom >= 0 && call >= leakFrom) {
            inUse.addAndGet(1000);
        }
        if (failingCalls.contains(call)) {
            send(x, 500, "application/json", "{\"error\":{\"message\":\"boom\"}}");
            return;
        }
        String text = wrongCalls.contains(call) ? "wrong" : "s" + body.get("seed").asLong();
        int half = text.length() / 2;
        StringBuilder sse = new StringBuilder();
        sse.append("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
        sse.append(piece(text.substring(0, half), null)).append(piece(text.substring(half), "length"));
        sse.append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}\n\n");
        sse.append("data: [DONE]\n\n");
        generated.addAndGet(2);
        send(x, 200, "text/event-stream", sse.toString());
    }

    private static String piece(String text, String finish) {
        return "data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
