package bitnet.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.GenerationOptions;

/** Request bodies read strictly: JSON, typed fields, sampling settings, chat messages. */
class RequestParsingTest {

    private static ObjectNode body(String json) {
        return RequestBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiError error(Runnable r) {
        return assertThrows(ApiError.class, r::run);
    }

    @Test
    void aBodyMustBeAJsonObject() {
        ApiError malformed = error(() -> body("{\"a\": "));
        assertEquals(400, malformed.status());
        assertEquals("invalid_json", malformed.code());
        ApiError array = error(() -> body("[1]"));
        assertEquals(400, array.status());
        assertTrue(array.getMessage().contains("not an array"), array.getMessage());
        assertEquals(400, error(() -> body("")).status());
        assertEquals(1, body("{\"a\": 1}").get("a").asInt());
    }

    @Test
    void fieldsOfTheWrongTypeOrOutOfRangeNameTheField() {
        ObjectNode b = body("{\"s\": \"12\", \"i\": 12, \"w\": 3.0, \"f\": 2.5, \"t\": true, \"n\": null}");
        ApiError stringForInt = error(() -> Fields.integer(b, "s", 0, 0, 100));
        assertEquals("s", stringForInt.param());
        assertEquals("'s' must be an integer, not a string.", stringForInt.getMessage());
        assertEquals(12, Fields.integer(b, "i", 0, 0, 100));
        assertEquals(3, Fields.integer(b, "w", 0, 0, 100), "a whole number written 3.0 is an integer");
        assertEquals("'f' must be an integer, not a number.", error(() -> Fields.integer(b, "f", 0, 0, 9))
                .getMessage());
        assertEquals("'i' must be between 0 and 10, got 12.", error(() -> Fields.integer(b, "i", 0, 0, 10))
                .getMessage());
        assertEquals(7, Fields.integer(b, "n", 7, 0, 10), "null takes the default");
        assertEquals(7, Fields.integer(b, "absent", 7, 0, 10));
        assertEquals(2.5, Fields.number(b, "f", 0, 0, 3));
        assertEquals("t", error(() -> Fields.number(b, "t", 0, 0, 3)).param());
        assertTrue(Fields.bool(b, "t", false));
        assertEquals("i", error(() -> Fields.bool(b, "i", false)).param());
        assertEquals("'i' must be a string, not a number.", error(() -> Fields.string(b, "i", null)).getMessage());
    }

    @Test
    void stopIsAStringOrAnArrayOfNonEmptyStrings() {
        assertEquals(List.of("x"), Fields.strings(body("{\"stop\": \"x\"}"), "stop", 4));
        assertEquals(List.of("a", "b"), Fields.strings(body("{\"stop\": [\"a\", \"b\"]}"), "stop", 4));
        assertEquals(List.of(), Fields.strings(body("{}"), "stop", 4));
        assertEquals("stop", error(() -> Fields.strings(body("{\"stop\": [1]}"), "stop", 4)).param());
        assertEquals("stop", error(() -> Fields.strings(body("{\"stop\": [\"\"]}"), "stop", 4)).param());
        assertEquals("stop", error(() -> Fields.strings(body("{\"stop\": [\"a\", \"b\", \"c\"]}"), "stop", 2))
                .param());
    }

    @Test
    void samplingDefaultsAreOpenAisAndMaxTokensFillsTheContext() {
        SamplingRequest s = SamplingRequest.parse(body("{}"));
        GenerationOptions o = s.options(10, 128, "prompt");
        assertEquals(118, o.maxTokens());
        assertEquals(1f, o.temperature());
        assertEquals(1f, o.topP());
        assertEquals(0, o.topK());
        assertEquals(0f, o.minP());
        assertNull(o.seed());
        assertFalse(s.stream());
        SamplingRequest t = SamplingRequest.parse(body("{\"max_tokens\": 5, \"temperature\": 0, \"seed\": 9, "
                + "\"stop\": \"\\n\", \"stream\": true, \"stream_options\": {\"include_usage\": true}, "
                + "\"ignore_eos\": true, \"model\": \"m\"}"));
        GenerationOptions to = t.options(10, 128, "prompt");
        assertEquals(5, to.maxTokens());
        assertEquals(0f, to.temperature());
        assertEquals(9L, to.seed());
        assertEquals(List.of("\n"), to.stop());
        assertTrue(t.stream() && t.includeUsage() && to.ignoreStopTokens());
        assertEquals("m", t.model());
        assertEquals(7, SamplingRequest.parse(body("{\"max_completion_tokens\": 7}")).options(1, 128, "p")
                .maxTokens());
    }

    @Test
    void aPromptPlusMaxTokensPastTheContextIs400WithTheThreeNumbers() {
        ApiError e = error(() -> SamplingRequest.parse(body("{\"max_tokens\": 100}")).options(30, 128, "messages"));
        assertEquals(400, e.status());
        assertEquals("context_length_exceeded", e.code());
        assertEquals("messages", e.param());
        assertEquals("This model's maximum context length is 128 tokens, however you requested 130 tokens (30 in "
                + "your prompt; 100 for the completion). Please reduce your prompt or max_tokens.", e.getMessage());
        // Without max_tokens, a prompt that fills the context leaves nothing to generate.
        assertEquals("context_length_exceeded", error(() -> SamplingRequest.parse(body("{}")).options(128, 128, "p"))
                .code());
        assertEquals(99, SamplingRequest.parse(body("{\"max_tokens\": 99}")).options(29, 128, "p").maxTokens());
    }

    @Test
    void unsupportedOrOutOfRangeSamplingIs400NamingTheField() {
        for (String[] c : new String[][] {{"{\"n\": 2}", "n"}, {"{\"logprobs\": true}", "logprobs"},
            {"{\"temperature\": 2.1}", "temperature"}, {"{\"top_p\": 0}", "top_p"}, {"{\"top_k\": -1}", "top_k"},
            {"{\"frequency_penalty\": 2.5}", "frequency_penalty"}, {"{\"seed\": \"1\"}", "seed"},
            {"{\"stream_options\": 1}", "stream_options"}, {"{\"max_tokens\": 0}", "max_tokens"}}) {
            ApiError e = error(() -> SamplingRequest.parse(body(c[0])));
            assertEquals(400, e.status(), c[0]);
            assertEquals(c[1], e.param(), c[0]);
        }
        // What disables logprobs is accepted.
        SamplingRequest.parse(body("{\"logprobs\": false, \"n\": 1}"));
    }

    @Test
    void messagesTakeStringsOrTextPartsAndADeveloperIsASystem() {
        List<ChatMessage> m = ChatMessages.parse(body("{\"messages\": [{\"role\": \"developer\", \"content\": "
                + "\"be brief\"}, {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"a\"}, "
                + "{\"type\": \"text\", \"text\": \"b\"}]}, {\"role\": \"assistant\", \"content\": null}]}"),
                "messages");
        assertEquals(List.of(ChatMessage.system("be brief"), ChatMessage.user("ab"), ChatMessage.assistant("")), m);
        assertEquals("messages[0].role", error(() -> ChatMessages.parse(body("{\"messages\": [{\"role\": "
                + "\"tool\", \"content\": \"x\"}]}"), "messages")).param());
        assertEquals("messages[0].content[0].type", error(() -> ChatMessages.parse(body("{\"messages\": [{\"role\": "
                + "\"user\", \"content\": [{\"type\": \"image_url\"}]}]}"), "messages")).param());
        assertEquals("messages", error(() -> ChatMessages.parse(body("{\"messages\": []}"), "messages")).param());
        assertEquals("messages", error(() -> ChatMessages.parse(body("{}"), "messages")).param());
        assertEquals("messages[0].content", error(() -> ChatMessages.parse(body("{\"messages\": [{\"role\": "
                + "\"user\"}]}"), "messages")).param());
    }
}
