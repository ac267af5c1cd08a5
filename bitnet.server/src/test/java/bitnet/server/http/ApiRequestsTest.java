package bitnet.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.ChatMessage;

/** The endpoints' bodies read into requests without a model: each shape a field may take, and each refusal. */
class ApiRequestsTest {

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static ApiError error(Runnable r) {
        ApiError e = assertThrows(ApiError.class, r::run);
        assertEquals(400, e.status(), e.getMessage());
        return e;
    }

    @Test
    void aCompletionPromptIsTextOrTokenIdsOrAnArrayHoldingOneOfThose() {
        assertEquals("The quick", ApiRequests.completion(utf8("{\"prompt\": \"The quick\"}")).text());
        assertEquals("x", ApiRequests.completion(utf8("{\"prompt\": [\"x\"]}")).text());
        assertArrayEquals(new int[] {1, 2, 3}, ApiRequests.completion(utf8("{\"prompt\": [1, 2, 3]}")).ids());
        ApiRequests.Completion nested = ApiRequests.completion(utf8("{\"prompt\": [[4, 5]], \"max_tokens\": 3}"));
        assertArrayEquals(new int[] {4, 5}, nested.ids());
        assertNull(nested.text());
        assertEquals(3, nested.sampling().maxTokens());

        assertEquals("prompt", error(() -> ApiRequests.completion(utf8("{}"))).param());
        assertEquals("prompt", error(() -> ApiRequests.completion(utf8("{\"prompt\": []}"))).param());
        assertEquals("prompt", error(() -> ApiRequests.completion(utf8("{\"prompt\": [\"a\", \"b\"]}"))).param());
        assertEquals("prompt", error(() -> ApiRequests.completion(utf8("{\"prompt\": [1, -2]}"))).param());
        assertEquals("prompt[1]", error(() -> ApiRequests.completion(utf8("{\"prompt\": [1, 2.5]}"))).param());
        assertEquals("prompt[0]", error(() -> ApiRequests.completion(utf8("{\"prompt\": [4294967296]}"))).param());
        assertEquals("prompt", error(() -> ApiRequests.completion(utf8("{\"prompt\": {}}"))).param());
        assertEquals("echo", error(() -> ApiRequests.completion(utf8("{\"prompt\": \"x\", \"echo\": true}"))).param());
        assertEquals("best_of", error(() -> ApiRequests.completion(utf8("{\"prompt\": \"x\", \"best_of\": 2}")))
                .param());
        // What disables an unsupported feature is accepted.
        ApiRequests.completion(utf8("{\"prompt\": \"x\", \"echo\": false, \"suffix\": null, \"best_of\": 1}"));
    }

    @Test
    void aChatRequestHoldsItsMessagesAndSampling() {
        ApiRequests.Chat chat = ApiRequests.chat(utf8("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], "
                + "\"model\": \"m\", \"stream\": true}"));
        assertEquals(List.of(ChatMessage.user("hi")), chat.messages());
        assertEquals("m", chat.sampling().model());
        assertTrue(chat.sampling().stream());
        assertEquals("messages", error(() -> ApiRequests.chat(utf8("{\"messages\": \"hi\"}"))).param());
        assertEquals("temperature", error(() -> ApiRequests.chat(utf8("{\"messages\": [{\"role\": \"user\", "
                + "\"content\": \"hi\"}], \"temperature\": \"hot\"}"))).param());
    }

    @Test
    void tokenizeTakesMessagesOrAPromptOrContent() {
        ApiRequests.Tokenize chat = ApiRequests.tokenize(utf8("{\"messages\": [{\"role\": \"user\", \"content\": "
                + "\"hi\"}], \"add_generation_prompt\": false}"));
        assertEquals(List.of(ChatMessage.user("hi")), chat.messages());
        assertFalse(chat.addGenerationPrompt());
        assertNull(chat.text());
        ApiRequests.Tokenize text = ApiRequests.tokenize(utf8("{\"prompt\": \"a b\", \"add_special_tokens\": false}"));
        assertEquals("a b", text.text());
        assertFalse(text.addSpecialTokens());
        assertNull(text.messages());
        assertEquals("c", ApiRequests.tokenize(utf8("{\"content\": \"c\", \"model\": \"m\"}")).text());
        assertEquals("prompt", error(() -> ApiRequests.tokenize(utf8("{}"))).param());
        assertEquals("prompt", error(() -> ApiRequests.tokenize(utf8("{\"prompt\": 5}"))).param());
    }

    @Test
    void detokenizeTakesTokenIds() {
        ApiRequests.Detokenize d = ApiRequests.detokenize(utf8("{\"tokens\": [7, 8], \"skip_special_tokens\": true}"));
        assertArrayEquals(new int[] {7, 8}, d.ids());
        assertTrue(d.skipSpecialTokens());
        assertArrayEquals(new int[0], ApiRequests.detokenize(utf8("{\"tokens\": []}")).ids());
        assertEquals("tokens", error(() -> ApiRequests.detokenize(utf8("{}"))).param());
        assertEquals("tokens[1]", error(() -> ApiRequests.detokenize(utf8("{\"tokens\": [1, \"2\"]}"))).param());
        assertEquals("tokens[0]", error(() -> ApiRequests.detokenize(utf8("{\"tokens\": [1e400]}"))).param());
    }

    @Test
    void numbersPastWhatAFieldHoldsAre400NamingIt() {
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        for (String[] c : new String[][] {{"\"max_tokens\": 1e400", "max_tokens"},
            {"\"max_tokens\": 123456789012345678901234567890", "max_tokens"}, {"\"temperature\": 1e400", "temperature"},
            {"\"seed\": 1e300", "seed"}, {"\"seed\": -99999999999999999999999", "seed"},
            {"\"top_k\": 3000000000", "top_k"}}) {
            assertEquals(c[1], error(() -> ApiRequests.chat(utf8("{" + user + ", " + c[0] + "}"))).param(), c[0]);
        }
    }
}
