package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The server's limits with a generation held in the middle of a forward pass ({@link ServerGate}): a full queue is
 * 429 with Retry-After, a new maxActive applies without a restart, and a client that goes away mid-stream has its
 * generation cancelled and its KV cache freed. One place, no queue, no prefix cache (so that freed means zero bytes).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerLimitsIT {
    private static final String MODEL = "gguf-i2s.gguf";
    private static final String ACTIVE = "bitnet_active_sessions";
    private static final String LONG = "{\"prompt\": [1, 2, 3], \"max_tokens\": 100, \"ignore_eos\": true}";

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configurations;

    private static ServerHttp http;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    @Before
    public void serve() throws Exception {
        if (http == null) {
            http = new ServerHttp(configurations);
        }
        http.configure(MODEL, "maxActive", 1, "maxQueued", 0, "prefixCacheEntries", 0);
        http.awaitReady(MODEL);
        http.awaitMetric(ACTIVE, 0);
    }

    @Test
    public void aFullQueueIs429WithRetryAfterAndANewMaxActiveAppliesWithoutARestart() throws Exception {
        try (ServerGate gate = new ServerGate(context)) {
            gate.hold();
            CompletableFuture<ServerHttp.Answer> held = http.postAsync("/v1/completions", LONG);
            Platform.await(gate::holdingAPass, "the first request's forward pass to be held");
            assertEquals(1, http.metric(ACTIVE), 0);

            ServerHttp.Answer refused = http.post("/v1/completions", LONG);
            assertEquals(refused.body(), 429, refused.status());
            assertEquals("rate_limit_error", refused.error().get("type").asText());
            assertEquals("queue_full", refused.error().get("code").asText());
            assertTrue(refused.headers().toString(),
                    Integer.parseInt(refused.headers().get("retry-after").get(0)) >= 1);

            // Two places from now on; the held request keeps running on the scheduler it started on.
            Object hostId = hostServiceId();
            http.configure(MODEL, "maxActive", 2, "maxQueued", 0, "prefixCacheEntries", 0);
            Platform.await(() -> Integer.valueOf(2).equals(context.getServiceReference("bitnet.server.ModelHost")
                    .getProperty("maxActive")), "the new configuration to apply");
            CompletableFuture<ServerHttp.Answer> second = http.postAsync("/v1/completions", LONG);
            http.awaitMetric(ACTIVE, 2);
            assertEquals("the server component was not restarted", hostId, hostServiceId());

            gate.release();
            ServerHttp.Answer first = held.get(60, TimeUnit.SECONDS);
            assertEquals(first.body(), 200, first.status());
            assertEquals(100, first.json().get("usage").get("completion_tokens").asInt());
            ServerHttp.Answer other = second.get(60, TimeUnit.SECONDS);
            assertEquals(other.body(), 200, other.status());
        }
        http.awaitMetric(ACTIVE, 0);
    }

    @Test
    public void aClientThatGoesAwayMidStreamHasItsGenerationCancelledAndItsCacheFreed() throws Exception {
        String requests = "bitnet_http_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}";
        String cancelled = "bitnet_generations_total{finish_reason=\"cancelled\"}";
        double answered = http.metric(requests);
        double cancelledBefore = http.metric(cancelled);
        double generatedBefore = http.metric("bitnet_generated_tokens_total");
        String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"Write a long story\"}], "
                + "\"max_tokens\": 100, \"ignore_eos\": true, \"stream\": true}";
        try (ServerGate gate = new ServerGate(context)) {
            gate.hold();
            try (Socket socket = new Socket("127.0.0.1", http.port)) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                do {
                    line = in.readLine();
                } while (line != null && !line.startsWith("data: "));
                assertTrue("the stream opened with the role chunk: " + line, line != null && line.contains("\"role\""));
                Platform.await(gate::holdingAPass, "the generation's forward pass to be held");
                assertTrue(http.metric(ACTIVE) == 1 && http.metric("bitnet_kv_cache_bytes") > 0);
            }
            // Gone: the server finds out at its next keep-alive and ends the request without waiting for the pass.
            http.awaitMetric(requests, answered + 1);
            gate.release();
            http.awaitMetric(cancelled, cancelledBefore + 1);
            http.awaitMetric(ACTIVE, 0);
            http.awaitMetric("bitnet_kv_cache_bytes", 0);
            // At most the token of the pass that was held when the client left.
            double generated = http.metric("bitnet_generated_tokens_total") - generatedBefore;
            assertTrue("generated " + generated, generated <= 1);
        }
    }

    private Object hostServiceId() {
        return context.getServiceReference("bitnet.server.ModelHost").getProperty("service.id");
    }
}
