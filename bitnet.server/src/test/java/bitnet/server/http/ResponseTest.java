package bitnet.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the server writes: error objects, answer shapes, the token hand-off, key checks. */
class ResponseTest {
    private static final ResponseFormat.Header HEADER = new ResponseFormat.Header("id-1", 1700000000L, "m");

    @Test
    void anErrorIsOpenAisObjectWithItsFourFields() {
        assertEquals("{\"error\":{\"message\":\"The model 'x' does not exist; this server serves 'm'.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}",
                Json.error(ApiError.unknownModel("x", "m")).toString());
        assertEquals("{\"error\":{\"message\":\"The request body is larger than 10 bytes.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"request_too_large\"}}",
                Json.error(ApiError.tooLarge(10)).toString());
        ApiError busy = ApiError.queueFull("busy", 3);
        assertEquals(429, busy.status());
        assertEquals(3, busy.retryAfterSeconds());
        assertEquals(401, ApiError.unauthorized("no").status());
        assertEquals(503, ApiError.unavailable("loading").status());
    }

    @Test
    void chatAndCompletionObjectsHaveOpenAisShapes() {
        assertEquals("{\"id\":\"id-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}]}",
                ResponseFormat.CHAT.whole(HEADER, "hi", "stop").toString());
        assertEquals("{\"id\":\"id-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
                + "\"finish_reason\":null}]}", ResponseFormat.CHAT.first(HEADER).toString());
        assertEquals("{\"id\":\"id-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ab\"},\"logprobs\":null,"
                + "\"finish_reason\":null}]}", ResponseFormat.CHAT.chunk(HEADER, "ab", null).toString());
        assertEquals("{\"id\":\"id-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\"}]}",
                ResponseFormat.CHAT.chunk(HEADER, "", "length").toString());
        assertEquals("{\"id\":\"id-1\",\"object\":\"text_completion\",\"created\":1700000000,\"model\":\"m\","
                + "\"choices\":[{\"text\":\"x\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}",
                ResponseFormat.COMPLETION.chunk(HEADER, "x", null).toString());
        assertEquals("{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}",
                ResponseFormat.usage(3, 4).toString());
    }

    @Test
    void thePipeHandsTextOverAndSaysStopWhenItIsFull() throws Exception {
        TokenPipe pipe = new TokenPipe(true, 2);
        assertTrue(pipe.onToken(5, "a"));
        assertTrue(pipe.onToken(6, "b"));
        assertTrue(pipe.onToken(-1, ""), "empty text takes no place");
        assertFalse(pipe.onToken(7, "c"), "a third piece does not fit: the generation must stop");
        assertTrue(pipe.overflowed());
        assertEquals("ab", pipe.next(0));
        assertEquals("", pipe.next(0));
        assertEquals(3, pipe.tokenNanos().length, "every generated token's time, the tail (-1) excluded");
        pipe.wake();
        assertEquals("", pipe.next(1000), "a wake-up carries no text");
        TokenPipe timingOnly = new TokenPipe(false, 1);
        for (int i = 0; i < 100; i++) {
            assertTrue(timingOnly.onToken(i, "x"));
        }
        assertEquals(100, timingOnly.tokenNanos().length);
    }

    @Test
    void aKeyIsAcceptedOnlyWhenItEqualsOneConfigured() {
        assertTrue(ApiKeyFilter.accepted("k2", List.of("k1", "k2")));
        assertFalse(ApiKeyFilter.accepted("k", List.of("k1", "k2")));
        assertFalse(ApiKeyFilter.accepted("k12", List.of("k1")));
        assertArrayEquals(new long[0], new TokenPipe(true, 1).tokenNanos());
    }
}
