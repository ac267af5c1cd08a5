package bitnet.benchmarks.serving;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The load test's view of one server through java.net.http: streamed chat completions timed piece by piece, the
 * served model, prompt lengths ({@code /tokenize}) and {@code /metrics}. Thread-safe: clients share one instance (one
 * connection each, HTTP/1.1, as most OpenAI clients use).
 */
final class ServingClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param base the server, without {@code /v1}
     * @param apiKey the bearer key, or null
     */
    ServingClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** The served model: its id and positions per request. */
    record Model(String id, int maxModelLen) {
    }

    /** @return the one model {@code /v1/models} lists */
    Model model() throws IOException {
        JsonNode m = getJson("/v1/models").path("data").path(0);
        if (!m.has("id")) {
            throw new IOException("/v1/models lists no model");
        }
        return new Model(m.get("id").asText(), m.path("max_model_len").asInt(0));
    }

    /**
     * @param messages chat messages
     * @return how many tokens the server's chat template makes of them, the assistant's header included
     */
    int promptTokens(ArrayNode messages) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.set("messages", messages);
        body.put("add_generation_prompt", true);
        HttpResponse<String> r = send(post("/tokenize", body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/tokenize answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("count").asInt();
    }

    /**
     * Sends a streamed chat completion with usage and {@code ignore_eos} (so exactly {@code maxTokens} are generated
     * unless the context ends first) and reads it to the end.
     *
     * @param model the model id
     * @param messages the conversation
     * @param maxTokens {@code max_tokens}
     * @param temperature sampling temperature
     * @param seed the sampling seed
     * @return the answer; failures (connection, status, a broken stream) are in its {@code error}, never thrown
     */
    StreamedAnswer chat(String model, ArrayNode messages, int maxTokens, double temperature, long seed) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.set("messages", messages);
        body.put("max_tokens", maxTokens);
        body.put("temperature", temperature);
        body.put("seed", seed);
        body.put("ignore_eos", true);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        long sent = System.nanoTime();
        try {
            HttpResponse<Stream<String>> r;
            try {
                r = send(post("/v1/chat/completions", body), HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                // A pooled connection closed before any byte of the answer: retried once, as HTTP clients (the
                // openai package among them) do, and said on stderr, so that it is seen and counted, not hidden.
                System.err.println("retried once, the connection closed before any byte of the answer: " + e);
                r = send(post("/v1/chat/completions", body), HttpResponse.BodyHandlers.ofLines());
            }
            try (Stream<String> lines = r.body()) {
                return StreamedAnswer.read(r.statusCode(), lines.iterator(), sent, System::nanoTime);
            }
        } catch (IOException | RuntimeException e) {
            return StreamedAnswer.failed(0, sent, e.toString());
        }
    }

    /** @return {@code /metrics} now */
    PrometheusText metrics() throws IOException {
        HttpResponse<String> r = send(request("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/metrics answered " + r.statusCode());
        }
        return PrometheusText.parse(r.body());
    }

    /**
     * @param role the role
     * @param content the text
     * @param more further role and content pairs
     * @return the messages as a JSON array
     */
    static ArrayNode messages(String role, String content, String... more) {
        ArrayNode a = JSON.createArrayNode();
        a.addObject().put("role", role).put("content", content);
        for (int i = 0; i + 1 < more.length; i += 2) {
            a.addObject().put("role", more[i]).put("content", more[i + 1]);
        }
        return a;
    }

    private JsonNode getJson(String path) throws IOException {
        HttpResponse<String> r = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpRequest post(String path, JsonNode body) throws IOException {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
