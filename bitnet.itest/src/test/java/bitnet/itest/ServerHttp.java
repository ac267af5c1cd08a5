package bitnet.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the server tests share: the server's configuration (PID bitnet.server) on a free port, and a client for its
 * endpoints with java.net.http: JSON requests, Server-Sent Events read line by line, Prometheus text read by name.
 */
final class ServerHttp {
    static final Path TINY = Path.of(System.getProperty("bitnet.root"), "bitnet.model/src/test/resources/tiny");
    static final ObjectMapper JSON = new ObjectMapper();

    final int port;
    final String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ConfigurationAdmin configurations;

    /** A request's answer: status, headers, body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        /** @return the body's OpenAI error object, checked to have the four fields */
        JsonNode error() {
            JsonNode e = json().get("error");
            if (e == null || !e.has("message") || !e.has("type") || !e.has("param") || !e.has("code")
                    || !e.get("message").isTextual() || e.get("message").asText().isEmpty()) {
                throw new AssertionError("not an OpenAI error object (status " + status + "): " + body);
            }
            return e;
        }
    }

    ServerHttp(ConfigurationAdmin configurations) {
        this(configurations, freePort());
    }

    ServerHttp(ConfigurationAdmin configurations, int port) {
        this.configurations = configurations;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the server's configuration: enabled, this port, the model, and the given attributes.
     *
     * @param model a tiny checkpoint's path below the tiny folder
     * @param attributes more attributes, name and value alternating
     */
    void configure(String model, Object... attributes) throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("enabled", true);
        props.put("host", "127.0.0.1");
        props.put("port", port);
        props.put("model", TINY.resolve(model).toString());
        for (int i = 0; i < attributes.length; i += 2) {
            props.put((String) attributes[i], attributes[i + 1]);
        }
        Configuration c = configurations.getConfiguration("bitnet.server", null);
        c.update(props);
    }

    /** Turns the server off (enabled=false). */
    void disable() throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("enabled", false);
        configurations.getConfiguration("bitnet.server", null).update(props);
    }

    /** Waits (bounded) until /health answers 200 for the model named. */
    void awaitReady(String modelName) {
        Platform.await(() -> {
            try {
                Answer a = get("/health");
                return a.status() == 200 && a.body().startsWith("{") && modelName.equals(a.json().path("model")
                        .asText());
            } catch (IOException e) {
                return false;
            }
        }, "the server to serve " + modelName + " at " + base);
    }

    Answer get(String path, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.GET().build());
    }

    Answer post(String path, String body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Sends without waiting: the client's own threads carry concurrent requests. */
    java.util.concurrent.CompletableFuture<Answer> postAsync(String path, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(r, HttpResponse.BodyHandlers.ofString())
                .thenApply(x -> new Answer(x.statusCode(), x.headers().map(), x.body()));
    }

    Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * @param body a streamed answer
     * @return the JSON of each {@code data:} event before {@code [DONE]}
     * @throws AssertionError if the stream does not end with {@code data: [DONE]} or an event is not JSON
     */
    static List<JsonNode> events(String body) {
        List<JsonNode> out = new ArrayList<>();
        String[] blocks = body.split("\n\n");
        boolean done = false;
        for (String block : blocks) {
            if (block.isBlank() || block.startsWith(":")) {
                continue;
            }
            if (done) {
                throw new AssertionError("an event after [DONE]: " + block);
            }
            if (!block.startsWith("data: ")) {
                throw new AssertionError("not an SSE data event: " + block);
            }
            String data = block.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
                continue;
            }
            try {
                out.add(JSON.readTree(data));
            } catch (IOException e) {
                throw new AssertionError("an event that is not JSON: " + data, e);
            }
        }
        if (!done) {
            throw new AssertionError("the stream does not end with data: [DONE]: " + body);
        }
        return out;
    }

    /** Waits (bounded) until a metric reaches a value. */
    void awaitMetric(String name, double value) {
        Platform.await(() -> {
            try {
                return metric(name) == value;
            } catch (IOException e) {
                return false;
            }
        }, name + " = " + value);
    }

    /**
     * @param name a sample's name with its labels as the text format writes them, e.g.
     *     {@code bitnet_generations_total{finish_reason="cancelled"}}
     * @return its value now, 0 when absent
     */
    double metric(String name) throws IOException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).strip());
            }
        }
        return 0;
    }
}
