package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HTTP server in Felix on a tiny model (model-a as gguf-i2s.gguf, with its chat template), through java.net.http:
 * every endpoint against the tiny models' independent references (the generator's token ids, the float64 reference's
 * greedy tokens), streaming against the whole answer, every client error with its status and OpenAI's error shape,
 * and a seeded request alone and among seven others.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerIT {
    private static final String MODEL = "gguf-i2s.gguf";

    @Inject
    private ConfigurationAdmin configurations;

    // One server for the class (Pax Exam runs the class's tests in one framework); each test starts from the
    // default configuration on the same port.
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
        http.configure(MODEL);
        http.awaitReady(MODEL);
    }

    private static JsonNode reference(String file) throws Exception {
        return ServerHttp.JSON.readTree(ServerHttp.TINY.resolve(file).toFile());
    }

    @Test
    public void healthModelsTokenizeAndDetokenizeAnswer() throws Exception {
        ServerHttp.Answer health = http.get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().get("status").asText());

        JsonNode models = http.get("/v1/models").json();
        assertEquals("list", models.get("object").asText());
        assertEquals(1, models.get("data").size());
        assertEquals(MODEL, models.get("data").get(0).get("id").asText());
        assertEquals("model", models.get("data").get(0).get("object").asText());
        assertEquals(128, models.get("data").get(0).get("max_model_len").asInt());

        // The generator's own encoder rendered and encoded these conversations (chat-reference.json).
        for (JsonNode conversation : reference("chat-reference.json").get("conversations")) {
            ObjectNode request = ServerHttp.JSON.createObjectNode();
            request.set("messages", conversation.get("messages"));
            ServerHttp.Answer tokenized = http.post("/tokenize", request.toString());
            assertEquals(tokenized.body(), 200, tokenized.status());
            assertEquals(conversation.get("ids"), tokenized.json().get("tokens"));
            assertEquals(conversation.get("ids").size(), tokenized.json().get("count").asInt());

            ObjectNode back = ServerHttp.JSON.createObjectNode();
            back.set("tokens", conversation.get("ids"));
            ServerHttp.Answer text = http.post("/detokenize", back.toString());
            assertEquals(text.body(), 200, text.status());
            assertEquals(conversation.get("rendered").asText(), text.json().get("prompt").asText());
        }
        // A completion's prompt gets one BOS (509); without special tokens, none.
        JsonNode withBos = http.post("/tokenize", "{\"prompt\": \"The quick\"}").json().get("tokens");
        JsonNode without = http.post("/tokenize", "{\"prompt\": \"The quick\", \"add_special_tokens\": false}")
                .json().get("tokens");
        assertEquals(509, withBos.get(0).asInt());
        assertEquals(without.size() + 1, withBos.size());
        assertNotEquals(509, without.get(0).asInt());
    }

    @Test
    public void aGreedyCompletionOfTokenIdsGivesTheReferenceTokens() throws Exception {
        // model-a's float64 reference: 10 greedy tokens after this 12-token prompt, stop tokens ignored.
        JsonNode greedy = reference("reference/model-a/greedy.json");
        ObjectNode request = ServerHttp.JSON.createObjectNode();
        request.put("model", MODEL);
        request.set("prompt", greedy.get("prompt_ids"));
        request.put("max_tokens", 10).put("temperature", 0).put("ignore_eos", true);
        ServerHttp.Answer a = http.post("/v1/completions", request.toString());
        assertEquals(a.body(), 200, a.status());
        JsonNode body = a.json();
        assertEquals("text_completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("cmpl-"));
        assertEquals(MODEL, body.get("model").asText());
        JsonNode choice = body.get("choices").get(0);
        assertEquals(greedy.get("generated_text").asText(), choice.get("text").asText());
        assertEquals("length", choice.get("finish_reason").asText());
        assertEquals(12, body.get("usage").get("prompt_tokens").asInt());
        assertEquals(10, body.get("usage").get("completion_tokens").asInt());
        assertEquals(22, body.get("usage").get("total_tokens").asInt());
    }

    @Test
    public void aChatCompletionAnswersWithTheRenderedPromptsUsage() throws Exception {
        JsonNode conversation = reference("chat-reference.json").get("conversations").get(0);
        ObjectNode request = ServerHttp.JSON.createObjectNode();
        request.set("messages", conversation.get("messages"));
        request.put("max_tokens", 6).put("seed", 5).put("temperature", 0.8);
        ServerHttp.Answer a = http.post("/v1/chat/completions", request.toString());
        assertEquals(a.body(), 200, a.status());
        JsonNode body = a.json();
        assertEquals("chat.completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        JsonNode choice = body.get("choices").get(0);
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertTrue(choice.get("message").get("content").isTextual());
        String finish = choice.get("finish_reason").asText();
        assertTrue(finish, finish.equals("stop") || finish.equals("length"));
        JsonNode usage = body.get("usage");
        assertEquals(conversation.get("ids").size(), usage.get("prompt_tokens").asInt());
        int completion = usage.get("completion_tokens").asInt();
        assertTrue("completion tokens " + completion, completion >= 0 && completion <= 6);
        assertEquals(finish.equals("length") ? 6 : completion, completion);
        assertEquals(usage.get("prompt_tokens").asInt() + completion, usage.get("total_tokens").asInt());
        // The same conversation with text parts instead of a string renders the same prompt.
        ArrayNode parts = ServerHttp.JSON.createArrayNode();
        for (JsonNode m : conversation.get("messages")) {
            ObjectNode withParts = parts.addObject().put("role", m.get("role").asText());
            withParts.putArray("content").addObject().put("type", "text").put("text", m.get("content").asText());
        }
        request.set("messages", parts);
        ServerHttp.Answer again = http.post("/v1/chat/completions", request.toString());
        assertEquals(again.body(), 200, again.status());
        assertEquals(body.get("choices").get(0).get("message"), again.json().get("choices").get(0).get("message"));
    }

    @Test
    public void aStreamedAnswerIsTheWholeAnswerInChunksEndingWithDone() throws Exception {
        for (String endpoint : List.of("/v1/chat/completions", "/v1/completions")) {
            boolean chat = endpoint.contains("chat");
            String prompt = chat ? "\"messages\": [{\"role\": \"user\", \"content\": \"Tell me about BitNet\"}]"
                    : "\"prompt\": \"The quick brown fox\"";
            String common = "{" + prompt + ", \"max_tokens\": 20, \"seed\": 42, \"temperature\": 1.0, "
                    + "\"ignore_eos\": true";
            ServerHttp.Answer whole = http.post(endpoint, common + "}");
            assertEquals(whole.body(), 200, whole.status());
            JsonNode wholeChoice = whole.json().get("choices").get(0);
            String wholeText = chat ? wholeChoice.get("message").get("content").asText()
                    : wholeChoice.get("text").asText();

            ServerHttp.Answer streamed = http.post(endpoint, common + ", \"stream\": true, "
                    + "\"stream_options\": {\"include_usage\": true}}");
            assertEquals(streamed.body(), 200, streamed.status());
            assertTrue(streamed.headers().toString(),
                    streamed.headers().get("content-type").get(0).startsWith("text/event-stream"));
            List<JsonNode> events = ServerHttp.events(streamed.body());
            StringBuilder text = new StringBuilder();
            String finish = null;
            String id = events.get(0).get("id").asText();
            for (JsonNode e : events.subList(0, events.size() - 1)) {
                assertEquals(chat ? "chat.completion.chunk" : "text_completion", e.get("object").asText());
                assertEquals(id, e.get("id").asText());
                assertTrue(e.has("usage") && e.get("usage").isNull());
                JsonNode c = e.get("choices").get(0);
                assertEquals("no text after the finish reason", null, finish);
                text.append(chat ? c.path("delta").path("content").asText("") : c.get("text").asText());
                if (!c.get("finish_reason").isNull()) {
                    finish = c.get("finish_reason").asText();
                }
            }
            assertEquals(wholeText, text.toString());
            assertEquals("length", finish);
            if (chat) {
                assertEquals("assistant", events.get(0).get("choices").get(0).get("delta").get("role").asText());
            }
            JsonNode last = events.get(events.size() - 1);
            assertEquals(0, last.get("choices").size());
            assertEquals(whole.json().get("usage"), last.get("usage"));
            assertEquals(20, last.get("usage").get("completion_tokens").asInt());
        }
    }

    @Test
    public void aSeededRequestGivesTheSameTextAloneAndAmongSevenOthers() throws Exception {
        String seeded = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 24, \"seed\": 1234, "
                + "\"temperature\": 0.9, \"top_k\": 50, \"ignore_eos\": true}";
        String alone = http.post("/v1/completions", seeded).json().get("choices").get(0).get("text").asText();
        List<CompletableFuture<ServerHttp.Answer>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = i == 3 ? seeded : "{\"prompt\": \"Other prompt number " + i + "\", \"max_tokens\": "
                    + (10 + 3 * i) + ", \"seed\": " + i + ", \"temperature\": 1.0, \"ignore_eos\": true}";
            all.add(http.postAsync("/v1/completions", body));
        }
        for (int i = 0; i < 8; i++) {
            ServerHttp.Answer a = all.get(i).get();
            assertEquals(a.body(), 200, a.status());
            if (i == 3) {
                assertEquals(alone, a.json().get("choices").get(0).get("text").asText());
            }
        }
        assertFalse(alone.isEmpty());
    }

    @Test
    public void clientErrorsAnswerWithTheirStatusAndOpenAisErrorObject() throws Exception {
        String chat = "/v1/chat/completions";
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";

        ServerHttp.Answer malformed = http.post(chat, "{\"messages\": [");
        assertEquals(400, malformed.status());
        assertEquals("invalid_request_error", malformed.error().get("type").asText());

        ServerHttp.Answer notObject = http.post(chat, "[1, 2]");
        assertEquals(400, notObject.status());
        notObject.error();

        ServerHttp.Answer wrongType = http.post(chat, "{" + user + ", \"max_tokens\": \"12\"}");
        assertEquals(400, wrongType.status());
        assertEquals("max_tokens", wrongType.error().get("param").asText());
        assertTrue(wrongType.body(), wrongType.error().get("message").asText().contains("must be an integer"));

        ServerHttp.Answer wrongType2 = http.post(chat, "{" + user + ", \"temperature\": true}");
        assertEquals(400, wrongType2.status());
        assertEquals("temperature", wrongType2.error().get("param").asText());

        ServerHttp.Answer badRole = http.post(chat, "{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}");
        assertEquals(400, badRole.status());
        assertEquals("messages[0].role", badRole.error().get("param").asText());

        // Unknown fields of any JSON type are ignored, as OpenAI does.
        ServerHttp.Answer unknown = http.post(chat, "{" + user + ", \"max_tokens\": 2, \"frobnicate\": {\"a\": 1}}");
        assertEquals(unknown.body(), 200, unknown.status());

        for (String outOfRange : List.of("\"temperature\": 2.5", "\"top_p\": 0", "\"top_p\": 1.5",
                "\"presence_penalty\": -3", "\"max_tokens\": 0", "\"n\": 2", "\"top_k\": -1", "\"min_p\": 2")) {
            ServerHttp.Answer a = http.post(chat, "{" + user + ", " + outOfRange + "}");
            assertEquals(outOfRange + ": " + a.body(), 400, a.status());
            String param = outOfRange.substring(1, outOfRange.indexOf('"', 1));
            assertEquals(outOfRange, param, a.error().get("param").asText());
        }

        ServerHttp.Answer otherModel = http.post(chat, "{" + user + ", \"model\": \"gpt-4\"}");
        assertEquals(404, otherModel.status());
        assertEquals("model_not_found", otherModel.error().get("code").asText());
        assertEquals("model", otherModel.error().get("param").asText());

        // The context is 128 positions: 3 prompt tokens (BOS, "The", " quick") plus 200 do not fit.
        ServerHttp.Answer tooLong = http.post("/v1/completions", "{\"prompt\": \"The quick\", \"max_tokens\": 200}");
        assertEquals(400, tooLong.status());
        assertEquals("context_length_exceeded", tooLong.error().get("code").asText());
        String message = tooLong.error().get("message").asText();
        assertTrue(message, message.contains("maximum context length is 128 tokens"));
        assertTrue(message, message.contains("you requested 203 tokens (3 in your prompt; 200 for the completion)"));

        ServerHttp.Answer badId = http.post("/v1/completions", "{\"prompt\": [1, 600], \"max_tokens\": 2}");
        assertEquals(400, badId.status());
        assertEquals("prompt", badId.error().get("param").asText());

        ServerHttp.Answer wrongMethod = http.get("/v1/completions");
        assertEquals(405, wrongMethod.status());
        wrongMethod.error();

        ServerHttp.Answer noEndpoint = http.get("/v2/everything");
        assertEquals(404, noEndpoint.status());
        noEndpoint.error();
    }

    @Test
    public void aBodyPastTheLimitIs413BeforeTheServerReadsMoreThanTheLimit() throws Exception {
        http.configure(MODEL, "maxRequestBytes", 4096L);
        Platform.await(() -> {
            try {
                return http.post("/tokenize", "{\"prompt\": \"" + "a".repeat(5000) + "\"}").status() == 413;
            } catch (IOException e) {
                return false;
            }
        }, "the new request size limit");
        // A declared length past the limit: refused with only 10 of its million bytes sent.
        String declared = exchange("Content-Length: 1000000", "{\"prompt\":".getBytes(StandardCharsets.US_ASCII));
        assertTrue(declared, declared.startsWith("HTTP/1.1 413"));
        assertTrue(declared, declared.contains("\"code\":\"request_too_large\""));
        // No declared length (chunked): refused once the limit is read, before the body ends.
        byte[] chunk = ("1388\r\n" + "{\"prompt\": \"" + "a".repeat(5000 - 13) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        String chunked = exchange("Transfer-Encoding: chunked", chunk);
        assertTrue(chunked, chunked.startsWith("HTTP/1.1 413"));
        // Below the limit it is served.
        assertEquals(200, http.post("/tokenize", "{\"prompt\": \"small\"}").status());
    }

    // Sends a request's head and part of its body on a socket, and reads the answer without sending the rest.
    private static String exchange(String lengthHeader, byte[] partOfBody) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", http.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + lengthHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(partOfBody);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void metricsCountRequestsTokensAndLatencies() throws Exception {
        double ok = http.metric("bitnet_http_requests_total{endpoint=\"/v1/completions\",status=\"200\"}");
        double bad = http.metric("bitnet_http_requests_total{endpoint=\"/v1/completions\",status=\"400\"}");
        double generated = http.metric("bitnet_generated_tokens_total");
        double prompt = http.metric("bitnet_prompt_tokens_total");
        double ttft = http.metric("bitnet_time_to_first_token_seconds_count");
        double tpot = http.metric("bitnet_time_per_output_token_seconds_count");
        assertEquals(200, http.post("/v1/completions", "{\"prompt\": [1, 2, 3], \"max_tokens\": 5, "
                + "\"ignore_eos\": true}").status());
        assertEquals(400, http.post("/v1/completions", "{\"prompt\": [1], \"max_tokens\": -1}").status());
        // A request is counted once its answer is written: the client may read the metrics a moment before.
        http.awaitMetric("bitnet_http_requests_total{endpoint=\"/v1/completions\",status=\"200\"}", ok + 1);
        http.awaitMetric("bitnet_http_requests_total{endpoint=\"/v1/completions\",status=\"400\"}", bad + 1);
        assertEquals(generated + 5, http.metric("bitnet_generated_tokens_total"), 0);
        assertEquals(prompt + 3, http.metric("bitnet_prompt_tokens_total"), 0);
        assertEquals(ttft + 1, http.metric("bitnet_time_to_first_token_seconds_count"), 0);
        assertEquals(tpot + 4, http.metric("bitnet_time_per_output_token_seconds_count"), 0);
        String text = http.get("/metrics").body();
        for (String name : List.of("bitnet_queue_depth", "bitnet_active_sessions", "bitnet_kv_cache_bytes",
                "bitnet_prompt_tokens_reused_total", "bitnet_low_precision_kv_caches_total",
                "bitnet_pool_bytes{kind=\"in_use\"}", "bitnet_model_ready 1.0")) {
            assertTrue(name + " in\n" + text, text.contains("\n" + name));
        }
        // A second request sharing the first's prompt takes it from the prefix cache.
        double reused = http.metric("bitnet_prompt_tokens_reused_total");
        assertEquals(200, http.post("/v1/completions", "{\"prompt\": [1, 2, 3, 4], \"max_tokens\": 1}").status());
        assertTrue(http.metric("bitnet_prompt_tokens_reused_total") >= reused + 3);
    }
}
