package bitnet.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.GenerationOptions;
import bitnet.testsupport.FuzzContract;

/**
 * Fuzzes the reading of request bodies ({@link ApiRequests}): the input is a body, read as each of the four endpoints
 * that take one (chat completions, completions, tokenize, detokenize). The contract of {@link FuzzContract}, with the
 * server's typed answer in place of BitNetException: each endpoint returns a request whose invariants hold (checked
 * here, the context fit included) or throws an {@link ApiError} that is a 400 with OpenAI's error type and a message;
 * anything else is a finding (an exception the server would answer with 500). Seeds: real request bodies (the
 * README's examples, the integration tests' requests, the shapes OpenAI clients send); found inputs are in
 * {@code RequestBodyFuzzTestInputs/fuzz}.
 */
class RequestBodyFuzzTest {
    /** Four parses of the body (a JSON tree each) and Jazzer's hooks on their string work. */
    private static final long HEAP_PER_BYTE = 512;
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final List<Function<byte[], Object>> ENDPOINTS = List.of(ApiRequests::chat,
            ApiRequests::completion, ApiRequests::tokenize, ApiRequests::detokenize);

    static Stream<byte[]> seeds() {
        return Stream.of("""
                {"model": "gguf-i2s.gguf", "messages": [{"role": "system", "content": "You are brief."},
                 {"role": "user", "content": "Hello"}], "max_tokens": 8, "seed": 3, "temperature": 0.7,
                 "top_p": 0.9, "stop": ["\\n\\n", "User:"], "stream": true, "stream_options": {"include_usage": true}}""",
                """
                {"messages": [{"role": "developer", "content": [{"type": "text", "text": "Be"}, {"type": "text",
                 "text": " brief"}]}, {"role": "user", "content": "Tell me about BitNet"}, {"role": "assistant",
                 "content": null}, {"role": "user", "content": "More"}], "max_completion_tokens": 20,
                 "presence_penalty": 0.5, "frequency_penalty": -0.25, "top_k": 40, "min_p": 0.05, "n": 1,
                 "logprobs": false, "ignore_eos": true, "user": "someone", "frobnicate": {"a": [1, 2.5e3]}}""",
                """
                {"prompt": "The quick", "max_tokens": 2, "stream": true, "stream_options": {"include_usage": true}}""",
                """
                {"model": "m", "prompt": [509, 12, 7], "max_tokens": 10, "temperature": 0, "ignore_eos": true,
                 "echo": false, "best_of": 1, "suffix": null, "stop": "\\n"}""",
                """
                {"prompt": [[1, 2, 3]], "max_tokens": 5.0, "seed": -9007199254740993}""",
                """
                {"prompt": ["Once upon a time"], "max_tokens": 24, "seed": 1234, "temperature": 0.9, "top_k": 50}""",
                """
                {"prompt": "The quick", "add_special_tokens": false}""",
                """
                {"messages": [{"role": "user", "content": "Hi"}], "add_generation_prompt": true, "model": "m"}""",
                """
                {"content": "h\\u00e9llo \u4e16\u754c \ud83d\ude00 \\ud83d\\ude00 \\u0000 \\\\ \\" \\/"}""",
                """
                {"tokens": [509, 464, 2068], "skip_special_tokens": true}""",
                """
                {"tokens": [], "model": null}""")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] bytes) {
        FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> readAsEveryEndpoint(bytes));
    }

    /** Every seed is a request of some endpoint: the fuzzer starts past the JSON parser, in the field checks. */
    @Test
    void seedsAreRequests() {
        for (byte[] seed : seeds().toList()) {
            assertTrue(readAsEveryEndpoint(seed) > 0, () -> "no endpoint takes " + new String(seed,
                    StandardCharsets.UTF_8));
        }
    }

    /** @return how many endpoints took the body */
    private static int readAsEveryEndpoint(byte[] bytes) {
        int taken = 0;
        for (Function<byte[], Object> endpoint : ENDPOINTS) {
            Object request;
            try {
                request = endpoint.apply(bytes);
            } catch (ApiError e) {
                checkRefusal(e);
                continue;
            }
            check(request);
            taken++;
        }
        return taken;
    }

    private static void checkRefusal(ApiError e) {
        assertEquals(400, e.status(), e::getMessage);
        assertEquals("invalid_request_error", e.type(), e::getMessage);
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().isBlank(), "an error without a message");
    }

    private static void check(Object request) {
        switch (request) {
            case ApiRequests.Chat c -> {
                assertFalse(c.messages().isEmpty(), "a chat without messages");
                c.messages().forEach(RequestBodyFuzzTest::check);
                check(c.sampling());
            }
            case ApiRequests.Completion c -> {
                assertTrue(c.text() == null ^ c.ids() == null, "text or ids, not both nor neither");
                if (c.ids() != null) {
                    checkIds(c.ids());
                    assertTrue(c.ids().length > 0, "a prompt of no token ids");
                }
                check(c.sampling());
            }
            case ApiRequests.Tokenize t -> {
                assertTrue(t.text() == null ^ t.messages() == null, "text or messages, not both nor neither");
                if (t.messages() != null) {
                    assertFalse(t.messages().isEmpty(), "no messages");
                    t.messages().forEach(RequestBodyFuzzTest::check);
                }
            }
            case ApiRequests.Detokenize d -> checkIds(d.ids());
            default -> throw new AssertionError("not a request: " + request);
        }
    }

    private static void check(ChatMessage m) {
        assertTrue(ROLES.contains(m.role()), () -> "role " + m.role());
        assertNotNull(m.content(), "content");
    }

    private static void checkIds(int[] ids) {
        for (int id : ids) {
            assertTrue(id >= 0, () -> "token id " + id);
        }
    }

    // Every field in its documented range, and the fit to a context as the endpoints do it.
    private static void check(SamplingRequest s) {
        GenerationOptions o = s.options();
        assertTrue(s.maxTokens() >= 0 && o.maxTokens() >= 1, "max_tokens");
        assertTrue(o.temperature() >= 0 && o.temperature() <= 2, "temperature");
        assertTrue(o.topP() > 0 && o.topP() <= 1, "top_p");
        assertTrue(o.topK() >= 0 && o.minP() >= 0 && o.minP() <= 1, "top_k, min_p");
        assertTrue(o.stop().size() <= GenerationOptions.MAX_STOP_STRINGS, "stop");
        o.stop().forEach(stop -> assertFalse(stop.isEmpty(), "an empty stop string"));
        int capacity = 4096;
        try {
            GenerationOptions fitted = s.options(1, capacity, "prompt");
            assertTrue(fitted.maxTokens() >= 1 && fitted.maxTokens() <= capacity - 1, "fitted max_tokens");
        } catch (ApiError e) {
            checkRefusal(e);
            assertEquals("context_length_exceeded", e.code(), e::getMessage);
            assertTrue(s.maxTokens() > capacity - 1, "refused a request that fits");
        }
    }
}
