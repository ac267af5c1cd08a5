package bitnet.inference.runtime;

import static bitnet.inference.runtime.Goldens.LOGIT_TOLERANCE;
import static bitnet.inference.runtime.Goldens.assertClose;
import static bitnet.inference.runtime.Goldens.concat;
import static bitnet.inference.runtime.Goldens.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;
import bitnet.api.tensor.Tensor;

/**
 * Session bookkeeping on model-a against its float64 reference (greedy.json, logits.npy, greedy_logits.npy): what
 * prefill and generate feed, the pending last token of a generation, truncate, and the typed errors of bad calls.
 */
class SessionTest {
    private static final Goldens.Greedy REF = Goldens.greedy("model-a");
    private static final int[] PROMPT = REF.prompt();
    private static final int[] WANT = REF.generated();

    private static Runtime rt;
    private static Model model;
    private static float[] promptLogits;
    private static float[] stepLogits;
    private static int vocab;

    @BeforeAll
    static void load() throws java.io.IOException {
        rt = new Runtime(true, Precision.F32);
        model = rt.load("hf-autobitlinear");
        vocab = model.config().vocabSize();
        try (Tensor a = rt.io.readNpy(Runtime.tiny().resolve("reference/model-a/logits.npy"));
                Tensor b = rt.io.readNpy(Runtime.tiny().resolve("reference/model-a/greedy_logits.npy"))) {
            promptLogits = a.toFloatArray();
            stepLogits = b.toFloatArray();
        }
    }

    @AfterAll
    static void close() {
        model.close();
        rt.close();
    }

    private static GenerationOptions greedy(int n) {
        return GenerationOptions.greedy().withMaxTokens(n).withIgnoreStopTokens(true);
    }

    private static float[] prefill(Session s, int[] ids, boolean all) {
        try (Tensor t = s.prefill(ids, all)) {
            return t.toFloatArray();
        }
    }

    /** Rows {@code from .. to-1} of the reference logits of the prompt. */
    private static float[] promptRows(int from, int to) {
        return Arrays.copyOfRange(promptLogits, from * vocab, to * vocab);
    }

    @Test
    void generatingAfterPrefillingPartOfThePromptContinuesFromTheCache() {
        try (Session s = model.newSession()) {
            prefill(s, range(PROMPT, 0, 5), false);
            GenerationResult r = s.generate(range(PROMPT, 5, 12), greedy(10), TokenListener.NONE);
            assertArrayEquals(WANT, r.tokens());
            assertEquals(7, r.promptTokens(), "only the second part is this call's prompt");
            assertEquals(FinishReason.LENGTH, r.finishReason());
        }
    }

    @Test
    void generatingWithAnEmptyPromptAfterPrefillingTheWholePromptContinuesIt() {
        try (Session s = model.newSession()) {
            prefill(s, range(PROMPT, 0, 7), false);
            prefill(s, range(PROMPT, 7, 12), false);
            GenerationResult r = s.generate(new int[0], greedy(10), TokenListener.NONE);
            assertArrayEquals(WANT, r.tokens(), "the session holds the prompt; its last logits start the answer");
            assertEquals(0, r.promptTokens());
            assertEquals(12 + 10 - 1, s.position());
        }
    }

    @Test
    void positionAndTokensFollowWhatWasFed() {
        try (Session s = model.newSession(40)) {
            assertEquals(40, s.capacity());
            assertEquals(0, s.position());
            assertArrayEquals(new int[0], s.tokens());
            float[] logits = prefill(s, PROMPT, true);
            assertClose(promptRows(0, 12), logits, LOGIT_TOLERANCE, "prefill");
            assertEquals(12, s.position());
            assertArrayEquals(PROMPT, s.tokens());
            s.tokens()[0] = -7;
            assertArrayEquals(PROMPT, s.tokens(), "tokens() is a copy");

            s.generate(new int[0], greedy(4), TokenListener.NONE);
            // The fourth generated token is pending: nothing needed its logits yet.
            assertEquals(12 + 4 - 1, s.position());
            assertArrayEquals(concat(PROMPT, range(WANT, 0, 3)), s.tokens());
        }
        try (Session s = model.newSession()) {
            assertEquals(model.config().contextLength(), s.capacity());
        }
    }

    @Test
    void theNextCallFeedsThePendingTokenFirst() {
        int[] longRun;
        try (Session s = model.newSession()) {
            longRun = s.generate(PROMPT, greedy(10), TokenListener.NONE).tokens();
        }
        assertArrayEquals(WANT, longRun);
        try (Session s = model.newSession()) {
            GenerationResult first = s.generate(PROMPT, greedy(4), TokenListener.NONE);
            assertArrayEquals(range(longRun, 0, 4), first.tokens());
            assertEquals(12, first.promptTokens());
            GenerationResult second = s.generate(new int[0], greedy(6), TokenListener.NONE);
            assertArrayEquals(range(longRun, 4, 10), second.tokens(), "one generation split in two");
            assertEquals(0, second.promptTokens());
            assertEquals(12 + 10 - 1, s.position());
            assertArrayEquals(concat(PROMPT, range(longRun, 0, 9)), s.tokens());
        }
    }

    @Test
    void prefillAfterAGenerationFeedsThePendingTokenFirstAndReturnsOnlyItsOwnRows() {
        try (Session s = model.newSession()) {
            s.generate(PROMPT, greedy(4), TokenListener.NONE);
            try (Tensor t = s.prefill(new int[] {WANT[4]}, true)) {
                assertArrayEquals(new long[] {1, vocab}, t.shape());
                // greedy_logits row k: the last position's logits after the prompt and WANT[0 .. k-1].
                assertClose(Arrays.copyOfRange(stepLogits, 5 * vocab, 6 * vocab), t.toFloatArray(), LOGIT_TOLERANCE,
                        "after prompt + 5 generated tokens");
            }
            assertArrayEquals(concat(PROMPT, range(WANT, 0, 5)), s.tokens());
            GenerationResult r = s.generate(new int[0], greedy(5), TokenListener.NONE);
            assertArrayEquals(range(WANT, 5, 10), r.tokens());
        }
    }

    @Test
    void truncateForgetsTheTailAndPrefillRecomputesItLikeAFreshSession() {
        int[] other = {5, 6, 7, 8, 9, 10, 11};
        float[] fresh;
        try (Session f = model.newSession()) {
            prefill(f, range(PROMPT, 0, 5), false);
            fresh = prefill(f, range(PROMPT, 5, 12), true);
        }
        try (Session s = model.newSession()) {
            prefill(s, range(PROMPT, 0, 5), false);
            prefill(s, other, false);
            s.truncate(5);
            assertEquals(5, s.position());
            assertArrayEquals(range(PROMPT, 0, 5), s.tokens());
            float[] again = prefill(s, range(PROMPT, 5, 12), true);
            assertArrayEquals(fresh, again, "the same tokens fed the same way after a truncate");
            assertClose(promptRows(5, 12), again, LOGIT_TOLERANCE, "against the reference");

            s.truncate(s.position());
            assertEquals(12, s.position(), "truncating at the position keeps everything");
            s.truncate(0);
            assertArrayEquals(new int[0], s.tokens());
            assertClose(promptRows(0, 12), prefill(s, PROMPT, true), LOGIT_TOLERANCE, "after truncate(0)");
        }
    }

    @Test
    void truncateDropsThePendingTokenAndTheConversation() {
        try (Session s = model.newSession()) {
            s.chat(List.of(ChatMessage.user("Hi")), greedy(2), TokenListener.NONE);
            assertEquals(2, s.history().size());
            s.truncate(0);
            assertEquals(List.of(), s.history());
            s.generate(PROMPT, greedy(4), TokenListener.NONE);
            s.truncate(12);
            GenerationResult r = s.generate(new int[0], greedy(10), TokenListener.NONE);
            assertArrayEquals(WANT, r.tokens(), "the pending token went with the tail");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 13})
    void truncateOutsideTheHeldTokensIsRefused(int position) {
        try (Session s = model.newSession()) {
            prefill(s, PROMPT, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.truncate(position));
            assertTrue(e.getMessage().contains(Integer.toString(position)) && e.getMessage().contains("12"),
                    e.getMessage());
            assertEquals(12, s.position());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, -1, 100000})
    void idsOutsideTheVocabularyAreRefusedAndNothingIsFed(int bad) {
        try (Session s = model.newSession()) {
            InferenceException e = assertThrows(InferenceException.class,
                    () -> s.prefill(new int[] {1, bad}, false));
            assertTrue(e.getMessage().contains(Integer.toString(bad)) && e.getMessage().contains("vocabulary"),
                    e.getMessage());
            assertEquals(0, s.position());

            s.generate(PROMPT, greedy(4), TokenListener.NONE);
            e = assertThrows(InferenceException.class,
                    () -> s.generate(new int[] {bad}, greedy(3), TokenListener.NONE));
            assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
            assertEquals(15, s.position());
            GenerationResult r = s.generate(new int[0], greedy(6), TokenListener.NONE);
            assertArrayEquals(range(WANT, 4, 10), r.tokens(), "the session is still usable");
        }
    }

    @Test
    void anEmptyFirstPromptIsRefused() {
        try (Session s = model.newSession()) {
            InferenceException e = assertThrows(InferenceException.class,
                    () -> s.generate(new int[0], greedy(3), TokenListener.NONE));
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
            e = assertThrows(InferenceException.class, () -> s.prefill(new int[0], false));
            assertTrue(e.getMessage().contains("at least one token"), e.getMessage());
            assertEquals(0, s.position());
        }
    }

    @Test
    void aClosedSessionRefusesEveryCall() {
        Session s = model.newSession();
        s.close();
        s.close();
        for (Runnable call : List.<Runnable>of(() -> s.prefill(PROMPT, false),
                () -> s.generate(PROMPT, greedy(1), TokenListener.NONE),
                () -> s.chat(List.of(ChatMessage.user("Hi")), greedy(1), TokenListener.NONE), () -> s.truncate(0))) {
            InferenceException e = assertThrows(InferenceException.class, call::run);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        assertEquals(0, model.kvCacheBytes(), "its cache went back to the pool");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, 129})
    void aCapacityOutsideTheContextIsRefused(int capacity) {
        InferenceException e = assertThrows(InferenceException.class, () -> model.newSession(capacity));
        assertTrue(e.getMessage().contains(Integer.toString(capacity)) && e.getMessage().contains("128"),
                e.getMessage());
        assertEquals(0, model.kvCacheBytes());
    }
}
