package bitnet.inference.runtime;

import static bitnet.inference.runtime.Goldens.concat;
import static bitnet.inference.runtime.Goldens.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.ContextOverflowException;
import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;

/**
 * A session's capacity: a prompt plus max_tokens that does not fit is refused before anything is fed (the session
 * stays as it was, pending token included), and a generation that exactly fills the capacity runs. Expected tokens
 * are model-a's float64 reference (greedy.json, and session-goldens.json for the chat turns).
 */
class ContextTest {
    private static final Goldens.Greedy REF = Goldens.greedy("model-a");
    private static final int[] PROMPT = REF.prompt();
    private static final int[] WANT = REF.generated();

    private static Runtime rt;
    private static Model model;

    @BeforeAll
    static void load() {
        rt = new Runtime(true, Precision.F32);
        model = rt.load("hf-autobitlinear");
    }

    @AfterAll
    static void close() {
        model.close();
        rt.close();
    }

    private static GenerationOptions greedy(int n) {
        return GenerationOptions.greedy().withMaxTokens(n).withIgnoreStopTokens(true);
    }

    /** The exception carries the three numbers, and its message names each of them. */
    private static void assertOverflow(ContextOverflowException e, int prompt, int maxTokens, int context) {
        assertEquals(List.of(prompt, maxTokens, context),
                List.of(e.promptTokens(), e.requestedTokens(), e.contextLength()), e.getMessage());
        for (int n : new int[] {prompt, maxTokens, context}) {
            assertTrue(Pattern.compile("\\b" + n + "\\b").matcher(e.getMessage()).find(),
                    "'" + e.getMessage() + "' names " + n);
        }
    }

    @Test
    void aPromptPlusMaxTokensBeyondTheCapacityIsRefusedAndNothingIsFed() {
        try (Session s = model.newSession(21)) {
            ContextOverflowException e = assertThrows(ContextOverflowException.class,
                    () -> s.generate(PROMPT, greedy(10), TokenListener.NONE));
            assertOverflow(e, 12, 10, 21);
            assertEquals(0, s.position());
            GenerationResult r = s.generate(PROMPT, greedy(9), TokenListener.NONE);
            assertArrayEquals(range(WANT, 0, 9), r.tokens(), "the session is still usable");
        }
    }

    @Test
    void anOverflowKeepsWhatTheSessionHeldAndItsPendingToken() {
        try (Session s = model.newSession(22)) {
            s.generate(PROMPT, greedy(4), TokenListener.NONE);
            int[] held = s.tokens();
            // 15 fed, 1 pending: 16 tokens before the new ones.
            ContextOverflowException e = assertThrows(ContextOverflowException.class,
                    () -> s.generate(new int[0], greedy(7), TokenListener.NONE));
            assertOverflow(e, 16, 7, 22);
            e = assertThrows(ContextOverflowException.class, () -> s.prefill(new int[] {1, 2, 3, 4, 5, 6, 7}, false));
            assertOverflow(e, 23, 0, 22);
            assertArrayEquals(held, s.tokens());
            GenerationResult r = s.generate(new int[0], greedy(6), TokenListener.NONE);
            assertArrayEquals(range(WANT, 4, 10), r.tokens(), "the pending token was kept");
        }
    }

    @Test
    void aGenerationThatExactlyFillsTheCapacityRuns() {
        try (Session s = model.newSession(22)) {
            GenerationResult r = s.generate(PROMPT, greedy(10), TokenListener.NONE);
            assertArrayEquals(WANT, r.tokens());
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertEquals(21, s.position());
            assertOverflow(assertThrows(ContextOverflowException.class,
                    () -> s.generate(new int[0], greedy(1), TokenListener.NONE)), 22, 1, 22);
        }
        int context = model.config().contextLength();
        try (Session s = model.newSession()) {
            GenerationResult r = s.generate(PROMPT, greedy(context - PROMPT.length), TokenListener.NONE);
            assertEquals(context - PROMPT.length, r.tokens().length);
            assertArrayEquals(WANT, range(r.tokens(), 0, 10));
            assertEquals(context - 1, s.position());
        }
    }

    @Test
    void aPrefillBeyondTheCapacityIsRefused() {
        try (Session s = model.newSession(12)) {
            assertOverflow(assertThrows(ContextOverflowException.class,
                    () -> s.prefill(concat(PROMPT, new int[] {1}), false)), 13, 0, 12);
            assertEquals(0, s.position());
            s.prefill(PROMPT, false).close();
            assertOverflow(assertThrows(ContextOverflowException.class, () -> s.prefill(new int[] {1}, false)),
                    13, 0, 12);
            assertArrayEquals(PROMPT, s.tokens());
        }
    }

    @Test
    void aChatTurnThatOverflowsLeavesTheCacheAndTheConversationAsTheyWere() {
        JsonNode turns = Goldens.session().get("chat").get("turns");
        int maxTokens = Goldens.session().get("chat").get("max_tokens").asInt();
        List<ChatMessage> first = Goldens.messages(turns.get(0).get("messages"));
        List<ChatMessage> second = Goldens.messages(turns.get(1).get("messages"));
        int[] whole = Goldens.ints(turns.get(1).get("ids"));
        try (Session s = model.newSession()) {
            s.chat(first, GenerationOptions.greedy().withMaxTokens(maxTokens), TokenListener.NONE);
            int[] held = s.tokens();
            var history = s.history();
            List<ChatMessage> next = second.subList(second.size() - 1, second.size());
            int tooMany = s.capacity() - whole.length + 1;
            assertOverflow(assertThrows(ContextOverflowException.class, () -> s.chat(next,
                    GenerationOptions.greedy().withMaxTokens(tooMany), TokenListener.NONE)), whole.length, tooMany,
                    s.capacity());
            assertArrayEquals(held, s.tokens(), "nothing fed, nothing dropped");
            assertEquals(history, s.history());
            GenerationResult r = s.chat(next, GenerationOptions.greedy().withMaxTokens(maxTokens), TokenListener.NONE);
            assertArrayEquals(Goldens.ints(turns.get(1).get("answer_ids")), r.tokens());
        }
    }
}
